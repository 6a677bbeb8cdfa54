using Latchkey.Rules.Conditions;

namespace Latchkey.Rules;

/// <summary>Registers the rule engine's settings: the bounds on what <c>when:</c> conditions may read.</summary>
public static class RulesServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyRules(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<RuleInspectionOptions, RuleInspectionOptionsValidator>()
            .BindConfiguration(RuleInspectionOptions.SectionName);
        return services;
    }
}
