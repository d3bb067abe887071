using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Saas.Platform.Metadata;

/// <summary>What a metadata change came to: done, refused with field errors, or refused as not found or in conflict.</summary>
internal sealed record MetadataOutcome(Dictionary<string, string[]>? Errors, int Status, string? Title, string? Detail)
{
    public static readonly MetadataOutcome Done = new(null, StatusCodes.Status200OK, null, null);

    public bool Succeeded => Status == StatusCodes.Status200OK;

    public static MetadataOutcome Invalid(Problems problems) => new(problems.ToDictionary(), StatusCodes.Status400BadRequest, null, null);

    public static MetadataOutcome NotFound(string title, string detail) => new(null, StatusCodes.Status404NotFound, title, detail);

    public static MetadataOutcome Conflict(string title, string detail) => new(null, StatusCodes.Status409Conflict, title, detail);

    public ProblemHttpResult ToProblem() => TypedResults.Problem(Detail, statusCode: Status, title: Title);
}

/// <summary>One audit entry of a change.</summary>
internal sealed record MetadataNote(string Action, string Target, string? Details = null);
