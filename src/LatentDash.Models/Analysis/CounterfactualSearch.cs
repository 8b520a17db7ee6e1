using System.Diagnostics;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Analysis;

/// <summary>Finds a counterfactual: the smallest move u = (z − μ)/σ of a sample's latent vector (L2, in units of its
/// posterior σ) after which the classifier branch, applied to the decoded image (decoder → encoder trunk → head, as
/// the explorer classifies a decode), gives the target class at least probability p.</summary>
/// <remarks>
/// <para>Three parts, the best feasible result kept: (1) the baseline — the straight line from μ towards the target
/// class's mean μ, its first point that reaches p (a scan, then bisection); (2) gradient steps with autograd on
/// ||u||² + λ·max(0, log q − log P_target), q a little above p so that the iterates land inside the feasible set, λ
/// tripled while no iterate is feasible, starting from u = 0, and again from the baseline when that was shorter;
/// (3) the best feasible iterate pulled back towards μ along its ray by bisection. The result is therefore never
/// farther than the baseline.</para>
/// <para>Gradients flow only to u: the network's parameters have requires_grad off during the search (restored after),
/// and every step runs in its own dispose scope with the network held exclusively.</para>
/// </remarks>
public static class CounterfactualSearch
{
    private const int LineScan = 32;
    private const int Bisections = 12;
    private const int LambdaPatience = 25;
    private const double MaxLambda = 1e5;

    // Once a feasible move is known, the search stops when this many steps have not shortened it.
    private const int Patience = 60;

    // A move counts as reaching p only with this much to spare: a batched decode differs from a single one in the last
    // float digits, and a result found on the very boundary must not flip below p when the strip is decoded.
    private const double Spare = 1e-4;

    public static CounterfactualResult Find(ExplorableModel model, CounterfactualSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        if (!model.HasClassifier)
        {
            throw new InvalidOperationException("this model has no classifier branch: a counterfactual needs one to say what the decode is");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(settings.Sample);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(settings.Sample, model.Space.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Target);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(settings.Target, model.Config.ClassCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Probability, CounterfactualSettings.MinProbability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.Probability, CounterfactualSettings.MaxProbability);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.StripLength, 2);

        var clock = Stopwatch.StartNew();
        var search = new Search(model, settings);
        var steps = 0;
        double[] best;
        string method;
        double? straightDistance = null;
        var reached = true;
        if (search.Reaches(search.TargetProbability(new double[search.Dimensions])))
        {
            (best, method) = (new double[search.Dimensions], "already");
        }
        else
        {
            var straight = search.StraightLine();
            straightDistance = straight is null ? null : Norm(straight);
            var (found, attempt, taken) = search.Gradient(new double[search.Dimensions], settings.Steps, cancellationToken);
            steps += taken;
            if (found is not null && straight is not null && Norm(straight) < Norm(found))
            {
                // The straight line beat the search from μ: it may still be bent closer from there.
                var (refined, _, more) = search.Gradient(straight, settings.Steps / 2, cancellationToken);
                steps += more;
                found = refined is not null && Norm(refined) < Norm(found) ? refined : found;
            }
            else if (found is null && straight is not null)
            {
                var (refined, _, more) = search.Gradient(straight, settings.Steps / 2, cancellationToken);
                steps += more;
                found = refined;
            }

            if (found is not null)
            {
                found = search.PullBack(found);
            }

            if (found is not null && (straight is null || Norm(found) <= Norm(straight)))
            {
                (best, method) = (found, "gradient");
            }
            else if (straight is not null)
            {
                (best, method) = (straight, "straight line");
            }
            else
            {
                (best, method, reached) = (attempt, "none", false);
            }
        }

        var strip = search.Strip(best, settings.StripLength);
        return new CounterfactualResult
        {
            Settings = settings,
            Reached = reached,
            Start = search.Mu,
            Sigma = search.Sigma,
            End = search.ToZ(best),
            Distance = Norm(best),
            TargetProbability = strip[^1].Probabilities[settings.Target],
            StraightLineDistance = straightDistance,
            Method = method,
            Steps = steps,
            Strip = strip,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The baseline alone: the distance (σ units) of the first point on the line from the sample's μ to the
    /// target class's mean μ where the target's probability reaches p; null when no point of the line does.</summary>
    public static double? StraightLineDistance(ExplorableModel model, CounterfactualSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        var search = new Search(model, settings);
        return search.Reaches(search.TargetProbability(new double[search.Dimensions]))
            ? 0
            : search.StraightLine() is { } u ? Norm(u) : null;
    }

    private static double Norm(double[] u) => Math.Sqrt(u.Sum(v => v * v));

    /// <summary>One search's fixed inputs and its evaluations of a move u.</summary>
    private sealed class Search
    {
        private readonly ExplorableModel model;
        private readonly CounterfactualSettings settings;
        private readonly int? label;

        public Search(ExplorableModel model, CounterfactualSettings settings)
        {
            this.model = model;
            this.settings = settings;
            Dimensions = model.Config.LatentDim;
            Mu = model.Space.MuOf(settings.Sample);
            Sigma = [.. model.Space.LogVar.AsSpan(settings.Sample * Dimensions, Dimensions).ToArray().Select(v => Math.Exp(0.5 * v))];
            label = model.DecoderNeedsLabel ? model.Space.Labels[settings.Sample] : null;
        }

        public int Dimensions { get; }

        public double[] Mu { get; }

        public double[] Sigma { get; }

        public double[] ToZ(double[] u) => [.. u.Select((v, j) => Mu[j] + (Sigma[j] * v))];

        public bool Reaches(double probability) => probability >= settings.Probability + Spare;

        public double TargetProbability(double[] u) => Probabilities([u])[settings.Target];

        /// <summary>The class probabilities of the decodes of many moves, row after row.</summary>
        public float[] Probabilities(IReadOnlyList<double[]> moves)
        {
            var rows = moves.SelectMany(u => ToZ(u).Select(v => (float)v)).ToArray();
            return model.ClassProbabilitiesMany(model.DecodeMany(rows, label))!;
        }

        public double[]? StraightLine()
        {
            var classes = model.Config.ClassCount;
            var mean = new double[Dimensions];
            var count = 0;
            for (var i = 0; i < model.Space.Count; i++)
            {
                if (model.Space.Labels[i] == settings.Target)
                {
                    count++;
                    for (var j = 0; j < Dimensions; j++)
                    {
                        mean[j] += model.Space.Mu[(i * Dimensions) + j];
                    }
                }
            }

            if (count == 0)
            {
                return null;
            }

            var direction = mean.Select((m, j) => ((m / count) - Mu[j]) / Sigma[j]).ToArray();
            double[] At(double t) => [.. direction.Select(v => t * v)];
            var scan = Probabilities([.. Enumerable.Range(0, LineScan + 1).Select(k => At((double)k / LineScan))]);
            var first = Enumerable.Range(1, LineScan).FirstOrDefault(k => Reaches(scan[(k * classes) + settings.Target]));
            if (first == 0)
            {
                return null;
            }

            double low = (first - 1.0) / LineScan, high = (double)first / LineScan;
            for (var b = 0; b < Bisections; b++)
            {
                var middle = (low + high) / 2;
                (low, high) = Reaches(TargetProbability(At(middle))) ? (low, middle) : (middle, high);
            }

            return At(high);
        }

        /// <summary>Shrinks a feasible move towards μ along its ray while it stays feasible (bisection on the scale).</summary>
        public double[] PullBack(double[] u)
        {
            double low = 0, high = 1;
            for (var b = 0; b < Bisections; b++)
            {
                var middle = (low + high) / 2;
                (low, high) = Reaches(TargetProbability([.. u.Select(v => middle * v)])) ? (low, middle) : (middle, high);
            }

            return [.. u.Select(v => high * v)];
        }

        /// <summary>Adam on the penalised objective from <paramref name="start"/>; the shortest feasible iterate (or
        /// null), the iterate of highest target probability, and the steps taken.</summary>
        public (double[]? Feasible, double[] Attempt, int Steps) Gradient(double[] start, int steps, CancellationToken cancellationToken)
        {
            const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
            var u = (double[])start.Clone();
            var m = new double[Dimensions];
            var v = new double[Dimensions];
            var aim = Math.Log(settings.Probability + (0.2 * (1 - settings.Probability)));
            var lambda = 1.0;
            var sinceFeasible = 0;
            double[]? feasible = null;
            var attempt = u;
            var attemptProbability = -1.0;
            var taken = 0;
            var stale = 0;
            bool Settled() => feasible is not null && stale >= Patience;
            while (taken < steps && !Settled())
            {
                cancellationToken.ThrowIfCancellationRequested();
                // The network is held for a block of steps at a time, so that the explorer's decodes interleave.
                var block = Math.Min(LambdaPatience, steps - taken);
                model.UseNetwork(network => WithFrozenParameters(network, () =>
                {
                    for (var s = 0; s < block && !Settled(); s++, taken++)
                    {
                        stale++;
                        var (probability, gradient) = Step(network, u, lambda, aim);
                        if (probability > attemptProbability)
                        {
                            (attempt, attemptProbability) = ((double[])u.Clone(), probability);
                        }

                        if (Reaches(probability))
                        {
                            sinceFeasible = 0;
                            if (feasible is null || Norm(u) < Norm(feasible))
                            {
                                // Only a real shortening (a thousandth of σ) restarts the patience.
                                stale = feasible is null || Norm(u) < Norm(feasible) - 1e-3 ? 0 : stale;
                                feasible = (double[])u.Clone();
                            }
                        }
                        else if (++sinceFeasible % LambdaPatience == 0 && feasible is null)
                        {
                            lambda = Math.Min(MaxLambda, lambda * 3);
                        }

                        var t = taken + 1;
                        for (var j = 0; j < Dimensions; j++)
                        {
                            m[j] = (beta1 * m[j]) + ((1 - beta1) * gradient[j]);
                            v[j] = (beta2 * v[j]) + ((1 - beta2) * gradient[j] * gradient[j]);
                            var mHat = m[j] / (1 - Math.Pow(beta1, t));
                            var vHat = v[j] / (1 - Math.Pow(beta2, t));
                            u[j] -= settings.LearningRate * mHat / (Math.Sqrt(vHat) + epsilon);
                        }
                    }

                    return 0;
                }));
            }

            return (feasible, attempt, taken);
        }

        /// <summary>One forward and backward pass at u: the target's probability there and the objective's gradient.</summary>
        private (double Probability, double[] Gradient) Step(VaeModel network, double[] u, double lambda, double aim)
        {
            using var scope = NewDisposeScope();
            var move = tensor(u.Select(x => (float)x).ToArray(), [1, Dimensions]).requires_grad_(true);
            var mu = tensor(Mu.Select(x => (float)x).ToArray(), [1, Dimensions]);
            var sigma = tensor(Sigma.Select(x => (float)x).ToArray(), [1, Dimensions]);
            var labels = label is { } l ? tensor(new long[] { l }) : null;
            // Clamped as the explorer clamps a decode before classifying it: the probability optimised is the one shown.
            var image = network.Decode(mu.Plus(sigma * move), labels).clamp(HeldScalars.Zero, HeldScalars.One);
            var target = network.ClassProbabilities(image)![0, settings.Target];
            using var floor = 1e-12.ToScalar();
            using var aimScalar = aim.ToScalar();
            using var lambdaScalar = lambda.ToScalar();
            var shortfall = nn.functional.relu(target.clamp_min(floor).log().negative().add(aimScalar, HeldScalars.One));
            var objective = move.Squared().sum().Plus(shortfall.mul(lambdaScalar));
            objective.backward();
            using var grad = move.grad!;
            var gradient = grad.data<float>().ToArray().Select(g => (double)g).ToArray();
            return (target.item<float>(), gradient);
        }

        public CounterfactualStep[] Strip(double[] u, int length)
        {
            var fractions = Enumerable.Range(0, length).Select(k => (double)k / (length - 1)).ToArray();
            var moves = fractions.Select(f => u.Select(v => f * v).ToArray()).ToArray();
            var rows = moves.SelectMany(w => ToZ(w).Select(v => (float)v)).ToArray();
            var pixels = model.DecodeMany(rows, label);
            var probabilities = model.ClassProbabilitiesMany(pixels)!;
            var size = model.ImageSize;
            var classes = model.Config.ClassCount;
            return [.. fractions.Select((f, k) => new CounterfactualStep(
                f, ToZ(moves[k]), pixels.AsSpan(k * size, size).ToArray(), probabilities.AsSpan(k * classes, classes).ToArray()))];
        }

        private static T WithFrozenParameters<T>(VaeModel network, Func<T> work)
        {
            var parameters = network.parameters().ToArray();
            var saved = parameters.Select(p => p.requires_grad).ToArray();
            foreach (var p in parameters)
            {
                p.requires_grad = false;
            }

            try
            {
                return work();
            }
            finally
            {
                for (var i = 0; i < parameters.Length; i++)
                {
                    parameters[i].requires_grad = saved[i];
                }
            }
        }
    }
}
