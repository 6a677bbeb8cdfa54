using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Latchkey.Yaml;

/// <summary>
/// Walks a YAML file's parser events before any tree is built and refuses what a strict config
/// never needs: anchors, aliases and merge keys (the "billion laughs" bomb needs them), explicit
/// tags, several documents, deep nesting, non-scalar keys and duplicate keys.
/// </summary>
internal static class YamlSafetyScanner
{
    public const int MaxDepth = 32;

    /// <summary>Returns true when the text may be loaded into a <c>YamlStream</c>; errors go to <paramref name="diagnostics"/>.</summary>
    public static bool Scan(string text, ConfigDiagnostics diagnostics)
    {
        var parser = new Parser(new StringReader(text));
        var frames = new Stack<Frame>();
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var line = LineOf(current.Start);
                switch (current)
                {
                    case DocumentStart when ++documents > 1:
                        diagnostics.Error(line, string.Empty, "only one YAML document is allowed per file (remove the '---' separator)");
                        return false;
                    case AnchorAlias alias:
                        diagnostics.Error(line, PathOf(frames), $"aliases ('*{alias.Value}') are not allowed");
                        return false;
                    case NodeEvent node:
                        if (!CheckNode(node, frames, diagnostics, line))
                        {
                            return false;
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        frames.Pop();
                        CompleteValue(frames);
                        break;
                    default:
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            diagnostics.Error(LineOf(ex.Start), PathOf(frames), "is not valid YAML: " + FirstLine(ex.Message));
            return false;
        }

        return !diagnostics.HasErrors;
    }

    private static bool CheckNode(NodeEvent node, Stack<Frame> frames, ConfigDiagnostics diagnostics, int line)
    {
        var isKey = frames.TryPeek(out var parent) && parent.IsMapping && parent.ExpectingKey;
        var path = PathOf(frames);
        if (!node.Anchor.IsEmpty)
        {
            diagnostics.Error(line, path, $"anchors ('&{node.Anchor.Value}') are not allowed");
            return false;
        }

        if (!node.Tag.IsEmpty)
        {
            diagnostics.Error(line, path, $"explicit tags ('{node.Tag.Value}') are not allowed");
            return false;
        }

        if (isKey)
        {
            if (node is not Scalar key)
            {
                diagnostics.Error(line, path, "mapping keys must be plain strings");
                return false;
            }

            if (key.Value == "<<" && key.Style == ScalarStyle.Plain)
            {
                diagnostics.Error(line, path, "merge keys ('<<') are not allowed");
                return false;
            }

            if (!parent!.Keys.Add(key.Value))
            {
                diagnostics.Error(line, Join(path, key.Value), "duplicate key");
            }

            parent.CurrentKey = key.Value;
            parent.ExpectingKey = false;
            return true;
        }

        switch (node)
        {
            case MappingStart or SequenceStart:
                if (frames.Count >= MaxDepth)
                {
                    diagnostics.Error(line, path, $"nesting is deeper than {MaxDepth} levels");
                    return false;
                }

                frames.Push(new Frame(node is MappingStart, path));
                break;
            default:
                CompleteValue(frames);
                break;
        }

        return true;
    }

    /// <summary>Moves the enclosing collection on to its next key or index once a value is complete.</summary>
    private static void CompleteValue(Stack<Frame> frames)
    {
        if (!frames.TryPeek(out var parent))
        {
            return;
        }

        if (parent.IsMapping)
        {
            parent.ExpectingKey = true;
        }
        else
        {
            parent.Index++;
        }
    }

    private static string PathOf(Stack<Frame> frames)
    {
        if (!frames.TryPeek(out var top))
        {
            return string.Empty;
        }

        return top.IsMapping
            ? top.ExpectingKey ? top.Path : Join(top.Path, top.CurrentKey)
            : $"{top.Path}[{top.Index}]";
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static int LineOf(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>One open mapping or sequence and where the walk is inside it.</summary>
    private sealed class Frame(bool isMapping, string path)
    {
        public bool IsMapping { get; } = isMapping;

        public string Path { get; } = path;

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public bool ExpectingKey { get; set; } = true;

        public string CurrentKey { get; set; } = string.Empty;

        public int Index { get; set; }
    }
}
