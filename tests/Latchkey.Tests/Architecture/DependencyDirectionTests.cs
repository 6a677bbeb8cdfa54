using System.Reflection;
using Latchkey.Config;

namespace Latchkey.Tests.Architecture;

/// <summary>
/// Each part depends one way only (docs/architecture.md, "Dependency direction"): the YAML plumbing
/// on nothing, providers on YAML, rules on providers, config (which publishes snapshots with the
/// compiled rules) on all three; the management API and the CLI read config snapshots, never the
/// data plane's steps.
/// </summary>
public sealed class DependencyDirectionTests
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Theory]
    [InlineData("Latchkey.Config", "Latchkey.Credentials")]
    [InlineData("Latchkey.Yaml", "Latchkey.Config")]
    [InlineData("Latchkey.Yaml", "Latchkey.Providers")]
    [InlineData("Latchkey.Yaml", "Latchkey.Rules")]
    [InlineData("Latchkey.Providers", "Latchkey.Config")]
    [InlineData("Latchkey.Providers", "Latchkey.Rules")]
    [InlineData("Latchkey.Providers", "Latchkey.Credentials")]
    [InlineData("Latchkey.Rules", "Latchkey.Config")]
    [InlineData("Latchkey.Admin", "Latchkey.DataPlane")]
    [InlineData("Latchkey.Cli", "Latchkey.DataPlane")]
    public void Part_never_names_a_type_of_a_part_that_depends_on_it(string part, string forbidden)
    {
        var offenders = typeof(ConfigLoader).Assembly.GetTypes()
            .Where(t => IsIn(t, part))
            .SelectMany(t => SignatureTypes(t).Where(used => IsIn(used, forbidden)).Select(used => $"{t.FullName} uses {used.FullName}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(offenders);
    }

    private static bool IsIn(Type type, string part) =>
        type.Namespace is { } ns && (ns == part || ns.StartsWith(part + ".", StringComparison.Ordinal));

    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        var members = new List<Type>();
        members.AddRange(type.GetFields(Everything).Select(f => f.FieldType));
        members.AddRange(type.GetProperties(Everything).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            members.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                members.Add(info.ReturnType);
                members.AddRange(info.GetMethodBody()?.LocalVariables.Select(l => l.LocalType) ?? []);
            }
        }

        return members.SelectMany(Unwrap);
    }

    // Nullable<T>, arrays and generic arguments (IReadOnlyList<T>, Task<T>, ...) down to their parts.
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrap).Prepend(type) : [type];
    }
}
