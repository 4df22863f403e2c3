using Microsoft.Extensions.Options;
using MixOpt.Web.Application;

namespace MixOpt.Web.Auth;

/// <summary>Checks the <c>Auth</c> section at start: a bootstrap key long enough to be a secret, and durations that make sense.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    private const string S = AuthOptions.Section;

    public ValidateOptionsResult Validate(string? name, AuthOptions o)
    {
        List<string> errors = [];
        if (o.BootstrapKey is { Length: > 0 and < ApiKeyValidator.MinBootstrapKeyLength })
            errors.Add($"{S}:BootstrapKey must be at least {ApiKeyValidator.MinBootstrapKeyLength} characters.");
        if (o.KeyCacheDuration < TimeSpan.Zero || o.KeyCacheDuration > TimeSpan.FromHours(1))
            errors.Add($"{S}:KeyCacheDuration is {o.KeyCacheDuration}; it must be between 0 and 1 hour (a revoked key is trusted this long).");
        if (o.SessionDuration <= TimeSpan.Zero) errors.Add($"{S}:SessionDuration is {o.SessionDuration}; it must be longer than zero.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
