namespace LatentDash.LoadBench;

/// <summary>The scripts a page runs for the bench. Timing happens inside the page (performance.now() at the slider's
/// input event and in a MutationObserver), so Playwright's round trips stay out of the figure. A step is answered by
/// the first render that carries a decode (a new image src or a new z in the info panel: the page sets both in one
/// decode) and shows the step's value in the slider's caption (3 decimals). The caption alone would not do: the page
/// renders the moved slider once before decoding. The image's src alone would not do either: a step along a dimension
/// the decoder ignores gives a byte-identical PNG. A render answers the newest pending step whose value it shows and
/// every older one: the explorer coalesces a fast drag.</summary>
internal static class PageProbe
{
    /// <summary>What changes with every decode the page renders: the decoded image's src and the z it decoded (the same
    /// expression is in <see cref="Install"/>).</summary>
    public const string Decoded = """
        () => (document.querySelector('[data-testid=decoded-image]')?.getAttribute('src') ?? '') + '|' +
              (document.querySelector('[data-testid=latent-z]')?.textContent ?? '')
        """;

    /// <summary>Installs the probe (listening at the document, so that a re-rendered slider or image is still seen);
    /// returns the first slider's value, min, max and step.</summary>
    public const string Install = """
        () => {
          const slider = () => document.querySelector('[data-testid=slider-0]');
          const caption = () => document.querySelector('[data-testid=component-sliders] .latent-values')?.textContent ?? null;
          const b = window.__loadbench = { presses: [], next: 0, from: Infinity, unmatched: 0, disconnects: 0 };
          const decoded = () => (document.querySelector('[data-testid=decoded-image]')?.getAttribute('src') ?? '') + '|' +
                                (document.querySelector('[data-testid=latent-z]')?.textContent ?? '');
          let shown = decoded();
          document.addEventListener('input', e => {
            if (e.target instanceof HTMLInputElement && e.target.matches('[data-testid=slider-0]'))
              b.presses.push({ t: performance.now(), v: parseFloat(e.target.value), ms: -1 });
          }, true);
          new MutationObserver(() => {
            const at = performance.now();
            const now = decoded();
            if (now === shown) return;
            shown = now;
            const value = parseFloat(caption());
            let answered = -1;
            for (let i = b.presses.length - 1; i >= b.next; i--) {
              if (Math.abs(b.presses[i].v - value) <= 0.0005 + 1e-9) { answered = i; break; }
            }
            if (answered < 0) { b.unmatched++; return; }
            for (let i = b.next; i <= answered; i++) b.presses[i].ms = at - b.presses[i].t;
            b.next = answered + 1;
          }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['src'] });
          // Blazor's default reconnect UI: a host element shown while the circuit is lost.
          let visible = false;
          setInterval(() => {
            const host = document.getElementById('components-reconnect-modal');
            const now = !!host && host.style.display !== 'none';
            if (now && !visible) b.disconnects++;
            visible = now;
          }, 100);
          const s = slider();
          return [parseFloat(s.value), parseFloat(s.min), parseFloat(s.max), parseFloat(s.step)];
        }
        """;

    /// <summary>Steps from now on (after the warm-up given in ms) are measured.</summary>
    public const string Start = "warmup => { window.__loadbench.from = performance.now() + warmup; }";

    /// <summary>Waits (up to the time given in ms) for pending steps, then returns
    /// [steps, unanswered, unmatched renders, disconnects, latency…]; null if the page was reloaded.</summary>
    public const string Collect = """
        async wait => {
          const b = window.__loadbench;
          if (!b) return null;
          const deadline = performance.now() + wait;
          while (b.next < b.presses.length && performance.now() < deadline) await new Promise(r => setTimeout(r, 50));
          const measured = b.presses.filter(p => p.t >= b.from);
          const answered = measured.filter(p => p.ms >= 0).map(p => p.ms);
          return [measured.length, measured.length - answered.length, b.unmatched, b.disconnects, ...answered];
        }
        """;
}
