using Microsoft.Extensions.Options;

namespace MixOpt.Web.Auth;

/// <summary>Checks the <c>RateLimit</c> section at start: a bucket that admits at least one request.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions o)
    {
        List<string> errors = [];
        if (o.PermitsPerSecond < 1) errors.Add($"{RateLimitOptions.Section}:PermitsPerSecond is {o.PermitsPerSecond}; it must be at least 1.");
        if (o.Burst < 1) errors.Add($"{RateLimitOptions.Section}:Burst is {o.Burst}; it must be at least 1.");
        if (o.FailedAuthPerSecond < 1) errors.Add($"{RateLimitOptions.Section}:FailedAuthPerSecond is {o.FailedAuthPerSecond}; it must be at least 1.");
        if (o.FailedAuthBurst < 1) errors.Add($"{RateLimitOptions.Section}:FailedAuthBurst is {o.FailedAuthBurst}; it must be at least 1.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
