using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MixOpt.Backend;

/// <summary>
/// How every MixOpt settings class is registered: bound to its configuration section, checked by its validator and
/// checked when the host starts (not at first use), so a bad value stops the process with a message naming the key.
/// </summary>
public static class ValidatedSettingsExtensions
{
    public static OptionsBuilder<TSettings> AddValidatedSettings<TSettings, TValidator>(this IServiceCollection services, string section)
        where TSettings : class
        where TValidator : class, IValidateOptions<TSettings>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TSettings>, TValidator>());
        return services.AddOptions<TSettings>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>
    /// Runs the start-up validation now: hosts call it before they touch storage (migrations), so a bad setting is
    /// reported as such rather than as whatever the database or blob store makes of it.
    /// </summary>
    public static void ValidateSettings(this IServiceProvider services) =>
        services.GetService<IStartupValidator>()?.Validate();
}
