using LatentDash.Web.Runs;

namespace LatentDash.Web.Api;

/// <summary>A page of the training listing: its items (without curves or histories), how many match in all, and which
/// page of what size this is.</summary>
public sealed record TrainingListView(IReadOnlyList<TrainingView> Items, int Total, int Page, int PageSize);
