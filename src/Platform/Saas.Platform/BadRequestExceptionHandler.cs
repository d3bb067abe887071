using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Saas.Platform;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a wrong type, an unknown property, a bad query value)
/// into a 400 ValidationProblemDetails that names the field, instead of an empty 400.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var (field, message) = Describe(badRequest);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = badRequest.StatusCode,
                Title = "The request is not valid.",
            },
            Exception = exception,
        });
    }

    private static (string Field, string Message) Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "This property is not known; remove it."
                : json.Path is null or "$" ? "The body is not valid JSON." : "The value has the wrong type or format.";
            return (field, message);
        }

        var parameter = ParameterName().Match(exception.Message);
        return parameter.Success ? (parameter.Groups["name"].Value, exception.Message) : ("request", exception.Message);
    }

    // The framework's message for a value it cannot bind: Failed to bind parameter "int? top" from "abc".
    [GeneratedRegex("parameter \"[^\"]*?(?<name>\\w+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
