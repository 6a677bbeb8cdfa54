#!/usr/bin/env python3
"""Regenerates the generated part of bypass-corpus.tsv (everything below the GENERATED marker).

Deterministic: no randomness, no clock. Lines above the marker are hand-written and kept as they
are, so add hand-written variants there. Run from anywhere:
    python3 tests/Latchkey.IntegrationTests/Security/generate-bypass-corpus.py
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "bypass-corpus.tsv")
MARKER = "# ---- GENERATED below by generate-bypass-corpus.py; edit the generator, not these lines ----"

# Allowed neighbours and the denied subtree next to (or inside) them; see BypassCorpusTests.Rules.
ISSUES = "/mail/repos/acme/app/issues"          # allow /repos/{owner}/{repo}/issues/{**rest}
ME = "/mail/gmail/v1/users/me/messages"         # allow GET /gmail/v1/users/me/{**rest}
DENIED = {ISSUES: "settings/hooks", ME: "settings/filters"}  # deny .../settings/{**rest}

DOTS = [
    "..", ".", "...", "....", ".. ", "..%20", "..%00", "..%09", "..;", "..%3b", "..%3B", "..\\",
    "%2e%2e", "%2E%2E", "%2e%2E", ".%2e", "%2e.", ".%2E", "%2E.", "%2e",
    "%252e%252e", "%252E%252E", "%25%32%65%25%32%65", "%%32%65%%32%65", "%u002e%u002e", "%U002E%U002E",
    "%c0%ae%c0%ae", "%C0%AE%C0%AE", "%e0%80%ae%e0%80%ae", "%f0%80%80%ae%f0%80%80%ae", "%c0%2e%c0%2e",
    "%ef%bc%8e%ef%bc%8e", "%e2%80%a5", "%e2%80%a4%e2%80%a4", "%e3%80%82%e3%80%82", "%ef%b9%92%ef%b9%92",
    ".%e2%80%8b.", "%c2%b7%c2%b7", "..%cc%b8",
]
SLASHES = [
    "/", "%2f", "%2F", "%252f", "%252F", "%25252f", "%25%32%66", "%%32%66", "\\", "%5c", "%5C", "%255c", "%255C",
    "%c0%af", "%C0%AF", "%e0%80%af", "%f0%80%80%af", "%c1%9c", "%c1%1c", "%ef%bc%8f", "%e2%88%95", "%e2%81%84",
    "%ef%bc%bc", "%e2%88%96", "//", "/./", "/;/", ";/", "%3b/", "/%00/",
]
# Every percent-encoding of / \ . % ; in both cases, doubled, tripled, overlong and as fullwidth forms.
SPECIALS = {"/": 0x2F, "\\": 0x5C, ".": 0x2E, "%": 0x25, ";": 0x3B}
FULLWIDTH = {"/": "%ef%bc%8f", "\\": "%ef%bc%bc", ".": "%ef%bc%8e", "%": "%ef%bc%85", ";": "%ef%bc%9b"}


def encodings(byte):
    low, up = f"%{byte:02x}", f"%{byte:02X}"
    forms = [low, up, "%25" + low[1:], "%25" + up[1:], "%2525" + low[1:], "%%" + f"{byte:02x}",
             f"%25%{ord(low[1]):02x}%{ord(low[2]):02x}", f"%u00{byte:02x}", f"%u00{byte:02X}",
             f"%c0%{0x80 | byte & 0x3F:02x}", f"%C0%{0x80 | byte & 0x3F:02X}", f"%c1%{0x80 | byte & 0x3F:02x}",
             f"%e0%80%{0x80 | byte & 0x3F:02x}", f"%f0%80%80%{0x80 | byte & 0x3F:02x}",
             f"%f8%80%80%80%{0x80 | byte & 0x3F:02x}"]
    return list(dict.fromkeys(forms))


LITERAL_BACKSLASH = re.compile(r"\\(?!x[0-9a-fA-F]{2}|\*\d+\(|n|t)")


def escape(text):
    """A backslash that does not start one of the file's escapes is a literal backslash: write it as \\."""
    return LITERAL_BACKSLASH.sub(r"\\\\", text)


def deny(method, target, version="HTTP/1.1", headers=""):
    return f"deny\t{method}\t{escape(target)}\t{version}\t{escape(headers)}"


def generate():
    out = []

    out.append("## dot segments x slash spellings, from each allowed neighbour into the denied subtree")
    for base in (ISSUES, ME):
        for dot in DOTS:
            for slash in SLASHES:
                if base == ME and slash not in ("/", "%2f", "%5c", "\\", "//", "%c0%af", "%ef%bc%8f"):
                    continue
                out.append(deny("GET", f"{base}{slash}{dot}{slash}{DENIED[base]}"))
        out.append(deny("GET", f"{base}/x/../../{DENIED[base]}"))
        out.append(deny("GET", f"{base}/x/y/../../../{DENIED[base]}"))

    out.append("## every encoding of / \\ . % ; placed where it would turn the neighbour into the denied subtree")
    for char, byte in SPECIALS.items():
        for form in encodings(byte) + [FULLWIDTH[char]]:
            out.append(deny("GET", f"/mail/repos/acme/app/settings{form}hooks"))
            out.append(deny("GET", f"{ISSUES}/{form}{form}/{DENIED[ISSUES]}"))
            out.append(deny("GET", f"{ME}/..{form}{DENIED[ME]}"))

    out.append("## encoded letters of the denied segment, both cases")
    for i, ch in enumerate("settings"):
        for form in (f"%{ord(ch):02x}", f"%{ord(ch.upper()):02X}", f"%25{ord(ch):02x}"):
            out.append(deny("GET", f"/mail/repos/acme/app/{'settings'[:i]}{form}{'settings'[i + 1:]}/hooks"))

    out.append("## overlong, surrogate, out-of-range, truncated and stray UTF-8")
    for bad in ["%c0%80", "%c0%ae", "%c1%bf", "%e0%80%80", "%e0%80%ae", "%e0%9f%bf", "%f0%80%80%80", "%f0%8f%bf%bf",
                "%ed%a0%80", "%ed%bf%bf", "%f4%90%80%80", "%f5%80%80%80", "%f8%88%80%80%80", "%fc%84%80%80%80%80",
                "%fe", "%ff", "%80", "%bf", "%c2", "%e2%80", "%f0%9f%98", "%c2%c2", "%e2%28%a1", "%ef%bf%bf",
                "%ef%b7%90", "%f3%b0%80%80", "%ee%80%80", "%f4%8f%bf%bf", "%cd%b8", "%e2%80%ae", "%e2%81%a6"]:
        out.append(deny("GET", f"{ISSUES}/{bad}/../{DENIED[ISSUES]}"))
        out.append(deny("GET", f"/mail/repos/acme/app/settings{bad}/hooks"))
        out.append(deny("GET", f"{ISSUES}{bad}"))

    out.append("## NUL, whitespace and control bytes, raw and encoded")
    for byte in list(range(0x00, 0x21)) + [0x7F]:
        out.append(deny("GET", f"{ISSUES}/..\\x{byte:02x}/{DENIED[ISSUES]}"))
        out.append(deny("GET", f"{ISSUES}/..%{byte:02x}/{DENIED[ISSUES]}"))
        out.append(deny("GET", f"{ISSUES}/x%{byte:02X}"))
    for unicode_space in ["%c2%a0", "%c2%85", "%e1%9a%80", "%e2%80%80", "%e2%80%8a", "%e2%80%8b", "%e2%80%8c",
                          "%e2%80%8d", "%e2%80%8e", "%e2%80%8f", "%e2%80%a8", "%e2%80%a9", "%e2%80%af", "%e2%81%9f",
                          "%e2%81%a0", "%e3%80%80", "%ef%bb%bf", "%ef%bf%b9", "%e1%a0%8e", "%f3%a0%80%81"]:
        out.append(deny("GET", f"{ISSUES}/..{unicode_space}/{DENIED[ISSUES]}"))
        out.append(deny("GET", f"{ISSUES}/x{unicode_space}"))

    out.append("## empty segments and network-path references")
    for target in ["/mail//repos/acme/app/settings/hooks", "/mail/repos//acme/app/settings/hooks",
                   "/mail/repos/acme//app/issues", "/mail/repos/acme/app//issues/1", "/mail/repos/acme/app/issues//1",
                   "//mail/repos/acme/app/issues/1", "///mail/repos/acme/app/issues/1", "////mail/repos/acme/app/issues",
                   f"{ISSUES}//../{DENIED[ISSUES]}", f"{ISSUES}/1//", "/mail/repos/acme/app/settings//",
                   "//evil.example/mail/repos/acme/app/issues/1", "///evil.example/mail/repos/acme/app/issues/1",
                   "/\\evil.example/mail/repos/acme/app/issues/1", "/%2f%2fevil.example/mail/repos/acme/app/issues/1",
                   "/%5c%5cevil.example/mail/repos/acme/app/issues/1", "/@evil.example/mail/repos/acme/app/issues/1",
                   "/mail@evil.example/repos/acme/app/issues/1", "/mail:pass@evil.example/repos/acme/app/issues/1",
                   "/mail%40evil.example/repos/acme/app/issues/1"]:
        out.append(deny("GET", target))

    out.append("## ; path parameters")
    for target in [f"{ISSUES};/../{DENIED[ISSUES]}", f"{ISSUES}/..;/{DENIED[ISSUES]}", f"{ISSUES}/..;x=y/{DENIED[ISSUES]}",
                   "/mail/repos/acme/app/settings;/hooks", "/mail/repos/acme/app/settings;x=1/hooks",
                   "/mail/repos/acme/app;/settings/hooks", "/mail/repos/acme/app/issues;jsessionid=1",
                   "/mail/repos/acme/app/issues/1;", "/mail;x/repos/acme/app/issues/1", f"{ISSUES}/1;/../../{DENIED[ISSUES]}",
                   f"{ME};/../{DENIED[ME]}", f"{ME}/..;/{DENIED[ME]}"]:
        out.append(deny("GET", target))

    out.append("## trailing slashes, trailing dots and case variants of the denied subtree")
    for seg in ["settings", "SETTINGS", "Settings", "sEtTiNgS", "settings.", "SETTINGS.", "settings..", "settings/.",
                "settings/./", "settings/", "settings//", "Settings/", "settings%2f", "settings%2F", "settings%5c"]:
        out.append(deny("GET", f"/mail/repos/acme/app/{seg}"))
        out.append(deny("DELETE", f"/mail/repos/acme/app/{seg}/hooks/1"))
        out.append(deny("GET", f"/mail/gmail/v1/users/me/{seg}/filters"))
    for seg in ["issues.", "issues..", "ISSUES./..", "app./settings/hooks", "acme./app/settings"]:
        out.append(deny("GET", f"/mail/repos/acme/app/{seg}"))

    out.append("## absolute-form and authority-form targets")
    for target in ["http://127.0.0.1/mail/repos/acme/app/settings/hooks", "http://localhost/mail/repos/acme/app/issues/1",
                   "https://evil.example/mail/repos/acme/app/issues/1", "HTTP://evil.example/mail/repos/acme/app/issues/1",
                   "http://evil.example:80/mail/repos/acme/app/settings/hooks", "http://user@evil.example/mail/repos/acme/app/issues/1",
                   "http:/mail/repos/acme/app/issues/1", "http:mail/repos/acme/app/issues/1", "ws://evil.example/mail/x",
                   "file:///etc/passwd", "evil.example:443", "127.0.0.1:80", "[::1]:80", "evil.example", "*",
                   "mail/repos/acme/app/issues/1", "%2fmail/repos/acme/app/issues/1", "\\mail\\repos\\acme\\app\\issues\\1"]:
        out.append(deny("GET", target))
    for target in ["evil.example:443", "127.0.0.1:80", "/mail/repos/acme/app/issues/1"]:
        out.append(deny("CONNECT", target))

    out.append("## fragments and encoded query delimiters in the path")
    for target in [f"{ISSUES}#/../{DENIED[ISSUES]}", f"{ISSUES}/1%23/../../{DENIED[ISSUES]}", f"{ISSUES}/1%3f/../../{DENIED[ISSUES]}",
                   f"{ISSUES}%3f/../{DENIED[ISSUES]}", f"{ISSUES}/1?x=1#frag", f"{ISSUES}%23"]:
        out.append(deny("GET", target))

    out.append("## method-override query parameters in any case or encoding")
    for name in ["_method", "_METHOD", "_Method", "_httpmethod", "_HttpMethod", "x-http-method-override", "X-HTTP-Method-Override",
                 "x-http-method", "x-method-override", "_%6dethod", "%5fmethod", "_method%20", "+_method", "_meth%6Fd"]:
        for value in ["DELETE", "delete", "PUT"]:
            out.append(deny("GET", f"{ISSUES}/1?{name}={value}"))
        out.append(deny("POST", f"{ISSUES}/1?a=1&{name}=DELETE"))
        out.append(deny("GET", f"{ISSUES}/1?a=1;{name}=DELETE"))

    out.append("## double-encoded and control bytes in the query")
    for query in ["q=%252e%252e", "q=%252F", "q=%25%32%46", "q=%00", "q=%0d%0aX-Injected:1", "q=%7f", "q=%c0%af", "q=%ff",
                  "q=a b", "q=\\x00", "q=\\x09"]:
        out.append(deny("GET", f"{ISSUES}/1?{query}"))

    out.append("## methods that are never forwarded, on allowed paths")
    for method in ["TRACE", "TRACK", "CONNECT", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK",
                   "DEBUG", "PURGE", "SEARCH", "QUERY", "get", "Get", "FOO"]:
        out.append(deny(method, f"{ISSUES}/1"))
    out.append(deny("MOVE", f"{ISSUES}/1", headers="Destination: /mail/repos/acme/app/settings/hooks"))
    out.append(deny("COPY", f"{ISSUES}/1", headers="Destination: http://evil.example/x"))

    out.append("## HTTP/1.0 and other versions")
    for target in [f"/mail/repos/acme/app/settings/hooks", f"{ISSUES}/../{DENIED[ISSUES]}", f"{ISSUES}/%2e%2e/{DENIED[ISSUES]}",
                   f"{ISSUES}%2f..%2f{DENIED[ISSUES]}", f"http://evil.example{ISSUES}/1", "/mail/repos/acme/app/SETTINGS"]:
        for version in ["HTTP/1.0", "HTTP/0.9", "HTTP/1.2", "HTTP/2.0", "http/1.1"]:
            out.append(deny("GET", target, version))
    out.append(deny("GET", f"{ISSUES}/1", "HTTP/1.1 extra"))
    out.append(deny("GET", f"{ISSUES}/1", ""))

    out.append("## very long paths and headers (\\*N(x) repeats x N times)")
    for count in [2000, 3000, 9000, 40000]:
        out.append(deny("GET", f"{ISSUES}/\\*{count}(a/..)/{DENIED[ISSUES]}"))
        out.append(deny("GET", f"{ISSUES}/\\*{count}(./){DENIED[ISSUES]}"))
    out.append(deny("GET", f"{ISSUES}/\\*9000(a)"))
    out.append(deny("GET", f"{ISSUES}/\\*70000(a)"))
    out.append(deny("GET", f"{ISSUES}/1?q=\\*70000(a)"))
    out.append(deny("GET", f"{ISSUES}/1", headers="X-Long: \\*40000(a)"))
    out.append(deny("GET", f"{ISSUES}/1", headers="\\*200(X-Many: a\\n)X-Last: b"))
    out.append(deny("GET", f"/mail/repos/acme/app/settings/hooks", headers="X-Long: \\*9000(a)"))

    out.append("## method-override headers with a denied target, and header smuggling")
    for header in ["X-HTTP-Method-Override: GET", "X-HTTP-Method: GET", "X-Method-Override: GET", "X-Original-URL: /repos/acme/app/issues/1",
                   "X-Rewrite-URL: /repos/acme/app/issues/1", "Host: evil.example", "X-Forwarded-Host: evil.example",
                   "X-Forwarded-Prefix: /mail/repos/acme/app/issues", "Forwarded: host=evil.example"]:
        out.append(deny("DELETE", "/mail/repos/acme/app/settings/hooks/1", headers=header))
    for header in ["Content-Length: 0\\nContent-Length: 6", "Host: a\\nHost: b", "X-Bad\\x00Name: 1", "X-Bad: a\\x0dInjected: 1",
                   " Folded: continuation", "X-Folded: a\\n continuation", "X Space: 1", "X-Bad:\\x0a"]:
        out.append(deny("DELETE", "/mail/repos/acme/app/settings/hooks/1", headers=header))

    out.append("## carried over from the earlier BypassVariants list")
    for target in [
        '/mail/gmail/v1/users/me/messages;/../settings/filters',
        '/mail/gmail/v1/users/me/messages/..;/settings/filters',
        '/mail/gmail/v1/users/me;x=y/settings/filters',
        '/mail/gmail/v1/users/me/settings;/filters',
        '/mail/gmail/v1/users/me/./settings/filters',
        '/mail/gmail/v1/users/me//settings/filters',
        '/mail//gmail/v1/users/me/settings/filters',
        '//mail/gmail/v1/users/me/settings/filters',
        '/mail/gmail/v1/users/me/messages/%2e/../settings/filters',
        '/mail/gmail/v1/users/me/messages%00/../settings/filters',
        '/mail/gmail/v1/users/me/messages%0d%0a/../settings',
        '/mail/gmail/v1/users/me/settings%00/filters',
        '/mail/gmail/v1/users/me/settings%20/filters',
        '/mail/gmail/v1/users/me/settings%09/filters',
        '/mail/gmail/v1/users/me/settings%c2%a0/filters',
        '/mail/gmail/v1/users/me/settings%e2%80%8b/filters',
        '/mail/gmail/v1/users/me/settings%ef%bb%bf/filters',
        '/mail/gmail/v1/users/me/settings%2f/filters',
        '/mail/gmail/v1/users/me/settings%2ffilters',
        '/mail/gmail/v1/users/me/settings%5cfilters',
        '/mail/gmail/v1/users/me/settings%3bfilters',
        '/mail/gmail/v1/users/me/settings%23/filters',
        '/mail/gmail/v1/users/me/settings%3f/filters',
        '/mail/gmail/v1/users/me/messages/%252e%252e/settings',
        '/mail/gmail/v1/users/me/messages/%25252e%25252e/settings',
        '/mail/gmail/v1/users/me/messages/%%32%65%%32%65/settings',
        '/mail/gmail/v1/users/me/messages/%2/settings',
        '/mail/gmail/v1/users/me/messages/%zz/settings',
        '/mail/gmail/v1/users/me/messages/%ff/settings',
        '/mail/gmail/v1/users/me/messages/%ed%a0%80/settings',
        '/mail/gmail/v1/users/me/messages/%f8%80%80%80%af/settings',
        '/mail/%2e%2e/mail/gmail/v1/users/me/settings/filters',
        '/v1/../mail/gmail/v1/users/me/settings/filters',
        '/healthz/../mail/gmail/v1/users/me/settings/filters',
        '/mail/gmail/v1/users/me/messages#/../settings',
        '/mail/gmail/v1/users/me/messages?_method=DELETE',
        '/mail/gmail/v1/users/me/messages?_HttpMethod=DELETE',
        '/mail/gmail/v1/users/me/messages?_%6dethod=DELETE',
        '/mail/gmail/v1/users/me/messages?X-HTTP-Method-Override=DELETE',
        '/mail/gmail/v1/users/me/messages?q=%00',
        '/mail/gmail/v1/users/me/messages?q=%252e',
        'http://127.0.0.1/mail/gmail/v1/users/me/settings/filters',
        'https://evil.example/mail/gmail/v1/users/me/settings/filters',
        'mail/gmail/v1/users/me/settings/filters',
        '*',
        '/mail/gmail/v1/users/me/%73ettings/filters',
        '/mail/gmail/v1/users/me/%53ettings/filters',
        '/mail/gmail/v1/users/me/sett%69ngs/filters',
        '/mail/gmail/v1/users/me/%73%65%74%74%69%6e%67%73/filters',
        '/mail/gmail/v1/users/me/%2573ettings/filters',
    ]:
        out.append(deny("GET", target))

    return out


def main():
    hand = []
    if os.path.exists(CORPUS):
        with open(CORPUS, encoding="utf-8") as existing:
            for line in existing.read().splitlines():
                if line == MARKER:
                    break
                hand.append(line)
    with open(CORPUS, "w", encoding="utf-8", newline="\n") as corpus:
        corpus.write("\n".join(hand + [MARKER] + list(dict.fromkeys(generate()))) + "\n")


if __name__ == "__main__":
    main()
