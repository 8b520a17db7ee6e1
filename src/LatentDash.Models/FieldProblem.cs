namespace LatentDash.Models;

/// <summary>One problem with a user-supplied value: the field it belongs to (snake_case, as in params.json and the
/// HTTP API) and a message a person can act on.</summary>
public sealed record FieldProblem(string Field, string Message);
