using System.Reflection;
using Latchkey.Config;

namespace Latchkey.Tests.Config;

/// <summary>Config depends on nothing it configures (docs/architecture.md, "Dependency direction").</summary>
public sealed class ConfigDependencyTests
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void No_config_type_names_a_credentials_type_in_its_signatures()
    {
        var offenders = typeof(ConfigLoader).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns == "Latchkey.Config" || ns.StartsWith("Latchkey.Config.", StringComparison.Ordinal)))
            .SelectMany(t => SignatureTypes(t).Where(IsCredentials).Select(used => $"{t.FullName} uses {used.FullName}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(offenders);
    }

    private static bool IsCredentials(Type type) =>
        type.Namespace is { } ns && (ns == "Latchkey.Credentials" || ns.StartsWith("Latchkey.Credentials.", StringComparison.Ordinal));

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
