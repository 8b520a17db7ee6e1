using LatentDash.Models.Data;
using LatentDash.Models.Latent;

namespace LatentDash.Web.Explorer;

/// <summary>One circuit's exploring state, shared by the explorer and the views of a model: the model lease, the
/// projection, the selected sample, the sliders and what they decode to. Scoped: one per circuit, disposed with it.</summary>
/// <remarks>
/// <para>Only the latest <see cref="OpenAsync"/> keeps its lease: each open takes a new generation, and a lease that
/// arrives for an older generation (a model chosen twice quickly, a page or circuit closed while loading) is released
/// at once. Lease and generation change under a lock because a circuit's scope may be disposed from another thread.</para>
/// <para>Everything else is changed by the circuit that owns the session, one call at a time.</para>
/// </remarks>
public sealed class ExplorerSession(ExplorableModelCache cache) : IDisposable
{
    private const int ImageScale = 6;

    private readonly Lock gate = new();
    private int generation;
    private CancellationTokenSource? opening;
    private ExplorableModelLease? lease;
    private bool disposed;

    /// <summary>The open model, or null while none is (or one is loading).</summary>
    public ExplorableModel? Model => lease?.Model;

    public bool IsLoading { get; private set; }

    /// <summary>Why the last model could not be opened, in words a user can act on.</summary>
    public string? Error { get; private set; }

    /// <summary>The open model's latent means on the current axes; null until <see cref="Project"/>.</summary>
    public ProjectedSpace? Projected { get; private set; }

    public IReadOnlyList<string> Titles { get; private set; } = [];

    /// <summary>The open model's t-SNE or UMAP embedding, when the splom shows one (the sliders stay on
    /// <see cref="Projected"/>'s axes: an embedding has no inverse).</summary>
    public ProjectedSpace? Embedded { get; private set; }

    /// <summary>What the splom shows: the embedding if there is one, else the sliders' axes.</summary>
    public ProjectedSpace? Shown => Embedded ?? Projected;

    public int? Sample { get; private set; }

    /// <summary>The slider values, one per shown component; null until a sample or values are selected.</summary>
    public double[]? Sliders { get; private set; }

    /// <summary>The latent vector the sliders decode.</summary>
    public double[] Z { get; private set; } = [];

    public double[] Minimums { get; private set; } = [];

    public double[] Maximums { get; private set; } = [];

    public SliderRange Range { get; private set; } = SliderRange.Std;

    /// <summary>The class a conditioned decoder decodes as; null: the selected sample's class (or the first).</summary>
    public int? Condition { get; private set; }

    public byte[]? DecodedPng { get; private set; }

    public byte[]? InputPng { get; private set; }

    public byte[]? ReconstructionPng { get; private set; }

    public float[]? Probabilities { get; private set; }

    /// <summary>Starts loading a model that this page's circuit will open once it connects (the prerendered page names
    /// it): the load runs while the browser fetches the page's scripts. Nothing is borrowed.</summary>
    public void Prefetch(string run, string model) => cache.Prefetch(run, model);

    /// <summary>Releases the current model and borrows another; false when a later open or a close overtook this one,
    /// or the model could not be opened (<see cref="Error"/> says why).</summary>
    public async Task<bool> OpenAsync(string run, string model)
    {
        int mine;
        CancellationToken token;
        lock (gate)
        {
            if (disposed)
            {
                return false;
            }

            mine = ++generation;
            ReleaseLocked();
            opening = new CancellationTokenSource();
            token = opening.Token;
        }

        Clear();
        IsLoading = true;
        ExplorableModelLease arrived;
        try
        {
            arrived = await cache.AcquireAsync(run, model, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or DatasetFormatException)
        {
            lock (gate)
            {
                if (mine == generation)
                {
                    IsLoading = false;
                    Error = $"Model {run}/{model} could not be opened: {ex.Message}";
                }
            }

            return false;
        }

        lock (gate)
        {
            if (mine != generation)
            {
                arrived.Dispose();
                return false;
            }

            lease = arrived;
            IsLoading = false;
        }

        return true;
    }

    /// <summary>The generation of the latest open or close: taken synchronously by <see cref="OpenAsync"/>, so its
    /// caller can read it right after the call and later close only what it opened.</summary>
    public int Generation
    {
        get
        {
            lock (gate)
            {
                return generation;
            }
        }
    }

    /// <summary>Closes the model if nothing was opened since <paramref name="opened"/>: a page leaving must not close
    /// what the page replacing it (rendered first) has just opened.</summary>
    public void CloseIfStill(int opened)
    {
        lock (gate)
        {
            if (opened != generation)
            {
                return;
            }
        }

        Close();
    }

    /// <summary>Releases the model (a load under way is abandoned, its lease released when it arrives).</summary>
    public void Close()
    {
        lock (gate)
        {
            generation++;
            ReleaseLocked();
        }

        Clear();
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            generation++;
            ReleaseLocked();
        }
    }

    /// <summary>Shows the open model on other axes; the selection is dropped (its slider values meant other axes).</summary>
    public void Project(ProjectionKind kind, int components)
    {
        var model = Model ?? throw new InvalidOperationException("no model is open");
        Projected = ProjectedSpace.Create(model.Space, model.Projection(kind), components);
        Titles = [.. Enumerable.Range(0, Projected.Components).Select(Projected.Projection.AxisTitle)];
        ClearSelection();
    }

    /// <summary>Shows a t-SNE or UMAP embedding of the open model's first latent means on the splom (null: the
    /// sliders' axes again). The selection stays: its sliders are on the other axes.</summary>
    public void ShowEmbedding(ProjectionKind kind, float[]? coordinates)
    {
        var model = Model ?? throw new InvalidOperationException("no model is open");
        Embedded = coordinates is null ? null : EmbeddingProjection.Show(model.Space, kind, coordinates);
    }

    /// <summary>Where the selected sample lies on the splom: its embedding coordinates under an embedding (none for a
    /// sample beyond the embedded points, or free slider values), else the sliders' values.</summary>
    public double[]? Marker() => Embedded is { } embedded
        ? (Sample is { } s && s < embedded.Count ? embedded.CoordinatesOf(s) : null)
        : Sliders is { } sliders ? [.. sliders] : null;

    /// <summary>Selects a sample (sliders at its coordinates) or free slider values (with or without a sample), then
    /// decodes.</summary>
    public void Select(int? sample, IReadOnlyList<double>? values)
    {
        var model = Model ?? throw new InvalidOperationException("no model is open");
        var projected = Projected ?? throw new InvalidOperationException("no projection is chosen");
        if (sample is null && values is null)
        {
            throw new ArgumentException("select a sample, slider values, or both");
        }

        if (values is not null && values.Count != projected.Components)
        {
            throw new ArgumentException($"{values.Count} values for {projected.Components} components", nameof(values));
        }

        Sample = sample;
        Sliders = values is not null ? [.. values] : projected.CoordinatesOf(sample!.Value);
        InputPng = sample is { } s ? Png(model.InputImage(s)) : null;
        ReconstructionPng = sample is { } r ? Png(model.Reconstruction(r)) : null;
        UpdateRanges();
        Decode();
    }

    /// <summary>Moves one slider; call <see cref="Decode"/> for the image to follow.</summary>
    public void Move(int component, double value)
    {
        if (Sliders is null || component < 0 || component >= Sliders.Length || !double.IsFinite(value))
        {
            return;
        }

        Sliders[component] = value;
    }

    /// <summary>Decodes the sliders' values: z, the image and the classifier's probabilities.</summary>
    public void Decode()
    {
        // A decode queued behind a model switch finds nothing to decode.
        if (Model is not { } model || Projected is not { } projected || Sliders is null)
        {
            return;
        }

        Z = projected.Projection.InverseTransform(Sliders);
        var pixels = model.Decode(Z, Condition ?? (Sample is { } s ? projected.Labels[s] : 0));
        DecodedPng = Png(pixels);
        Probabilities = model.ClassProbabilities(pixels);
    }

    public void SetRange(SliderRange range)
    {
        Range = range;
        UpdateRanges();
    }

    /// <summary>Chooses the class a conditioned decoder decodes as, and decodes again.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The model has no such class.</exception>
    public void SetCondition(int? condition)
    {
        if (condition is { } c && Model is { } model && (c < 0 || c >= model.Config.ClassCount))
        {
            throw new ArgumentOutOfRangeException(nameof(condition), condition, $"classes are 0..{model.Config.ClassCount - 1}");
        }

        Condition = condition;
        if (Model is not null)
        {
            Decode();
        }
    }

    private void UpdateRanges()
    {
        if (Projected is { } projected && Sliders is not null)
        {
            var label = Sample is { } s ? projected.Labels[s] : (int?)null;
            (Minimums, Maximums) = SliderRanges.Compute(projected.Statistics, Range, label, Sliders);
        }
    }

    private void ReleaseLocked()
    {
        opening?.Cancel();
        opening?.Dispose();
        opening = null;
        lease?.Dispose();
        lease = null;
    }

    private void Clear()
    {
        IsLoading = false;
        Error = null;
        Condition = null;
        Projected = null;
        Embedded = null;
        Titles = [];
        ClearSelection();
    }

    private void ClearSelection()
    {
        Sample = null;
        Sliders = null;
        Z = [];
        Minimums = [];
        Maximums = [];
        DecodedPng = null;
        InputPng = null;
        ReconstructionPng = null;
        Probabilities = null;
    }

    private byte[] Png(float[] pixels)
    {
        var config = Model!.Config;
        return GrayscalePng.Encode(pixels.AsSpan(0, config.Height * config.Width), config.Width, config.Height, ImageScale);
    }
}
