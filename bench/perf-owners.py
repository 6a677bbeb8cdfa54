#!/usr/bin/env python3
"""Whose code the CPU is in: two `perf script` profiles (Latchkey and bare YARP, from
`bench/pair.sh` PERF_DIR mode) side by side, in samples per 1 000 requests.

Each sample is charged to its leaf-most frame that belongs to neither the runtime's libraries nor
the kernel: a continuation that runs inside an audit flush is charged to the code it continues,
and a `write(2)` to the managed method that made it. Latchkey's own frames are grouped by
namespace and class.

  perf script -i A.data -F comm,tid,ip,sym,dso > A.txt   (the same for yarp.data)
  python3 bench/perf-owners.py A.txt <requests of A> yarp.txt <requests of yarp> [rows]

Requests = RPS x SLICE of the slice each profile was taken over (pair.sh prints the RPS).
"""
import collections
import re
import sys

# Libraries whose frames are never the owner: the work they do is on behalf of their caller.
RUNTIME = {
    'System.Private.CoreLib', 'System.Runtime', 'System.Collections', 'System.Collections.Concurrent',
    'System.Linq', 'System.Memory', 'System.Text.Encodings.Web', 'System.Text.Json', 'System.Console',
    'System.Threading', 'System.Threading.Channels', 'Microsoft.Extensions.Primitives',
    # perf prints frames it cannot symbolise (libcoreclr's own code: allocation slow paths, casts,
    # GC, stubs) as "[unknown] (lib...so)": the runtime's work for the managed frame above them.
    'unknown',
}
MANAGED = re.compile(r'\[([\w.]+)\] ')
LATCHKEY = re.compile(r'Latchkey\.(\w+)\.(\w+)')


def samples(path):
    current = []
    with open(path, encoding='utf-8', errors='replace') as lines:
        for line in lines:
            if not line.strip():
                if current:
                    yield current
                current = []
            elif not line.startswith((' ', '\t')):
                current = [line.strip()]
            else:
                frame = line.strip().split(' ', 1)
                current.append(frame[1] if len(frame) > 1 else frame[0])
    if current:
        yield current


def owner(sample):
    for frame in sample[1:]:
        module = MANAGED.search(frame)
        if not module or module.group(1) in RUNTIME:
            continue
        if module.group(1) == 'latchkey':
            name = LATCHKEY.search(frame)
            return 'Latchkey.' + (name.group(1) + '.' + name.group(2) if name else '?')
        return module.group(1)
    return '(runtime and kernel only)'


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    a_path, a_requests, y_path, y_requests = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4])
    rows = int(sys.argv[5]) if len(sys.argv) > 5 else 40
    a = collections.Counter(owner(s) for s in samples(a_path))
    y = collections.Counter(owner(s) for s in samples(y_path))
    print(f"samples per 1000 requests: Latchkey {sum(a.values()) / a_requests * 1000:.1f}, "
          f"bare YARP {sum(y.values()) / y_requests * 1000:.1f}")
    print(f"{'added':>8} {'latchkey':>9} {'yarp':>7}  owner")
    audit = sum(v for k, v in a.items() if k.startswith('Latchkey.Audit.') or k == 'Latchkey.DataPlane.DataPlaneAudit')
    for key in sorted(set(a) | set(y), key=lambda k: -(a[k] / a_requests - y[k] / y_requests))[:rows]:
        print(f"{(a[key] / a_requests - y[key] / y_requests) * 1000:8.2f} {a[key] / a_requests * 1000:9.2f} "
              f"{y[key] / y_requests * 1000:7.2f}  {key}")
    print(f"audit trail (Latchkey.Audit.*, DataPlaneAudit): {audit / a_requests * 1000:.1f} per 1000 requests, "
          f"{audit * 100 / max(sum(a.values()), 1):.1f} % of Latchkey's samples")


if __name__ == '__main__':
    main()
