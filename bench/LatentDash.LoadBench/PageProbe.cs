namespace LatentDash.LoadBench;

/// <summary>The scripts a page runs for the bench. Timing happens inside the page (performance.now() at the slider's
/// input event and in a MutationObserver on the decoded image's src), so Playwright's round trips stay out of the
/// figure. An image answers the newest pending step whose value it shows (the slider's caption, 3 decimals) and every
/// older one: the explorer coalesces a fast drag, so one image may answer several steps.</summary>
internal static class PageProbe
{
    /// <summary>Installs the probe; returns the first slider's value, min, max and step.</summary>
    public const string Install = """
        () => {
          const slider = document.querySelector('[data-testid=slider-0]');
          const image = () => document.querySelector('[data-testid=decoded-image]');
          const shown = () => {
            const caption = document.querySelector('[data-testid=component-sliders] .latent-values');
            return caption ? parseFloat(caption.textContent) : NaN;
          };
          const b = window.__loadbench = { presses: [], next: 0, from: Infinity, unmatched: 0, disconnects: 0 };
          let src = image()?.getAttribute('src');
          slider.addEventListener('input', () => b.presses.push({ t: performance.now(), v: parseFloat(slider.value), ms: -1 }), true);
          new MutationObserver(() => {
            const now = performance.now();
            const s = image()?.getAttribute('src');
            if (s == null || s === src) return;
            src = s;
            const value = shown();
            let answered = -1;
            for (let i = b.presses.length - 1; i >= b.next; i--) {
              if (Math.abs(b.presses[i].v - value) <= 0.0005 + 1e-9) { answered = i; break; }
            }
            if (answered < 0) { b.unmatched++; return; }
            for (let i = b.next; i <= answered; i++) b.presses[i].ms = now - b.presses[i].t;
            b.next = answered + 1;
          }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
          // Blazor's default reconnect UI: a host element shown while the circuit is lost.
          let visible = false;
          setInterval(() => {
            const host = document.getElementById('components-reconnect-modal');
            const now = !!host && host.style.display !== 'none';
            if (now && !visible) b.disconnects++;
            visible = now;
          }, 100);
          return [parseFloat(slider.value), parseFloat(slider.min), parseFloat(slider.max), parseFloat(slider.step)];
        }
        """;

    /// <summary>Steps from now on (after the warm-up given in ms) are measured.</summary>
    public const string Start = "warmup => { window.__loadbench.from = performance.now() + warmup; }";

    /// <summary>Waits (up to the time given in ms) for pending steps, then returns
    /// [steps, unanswered, unmatched images, disconnects, latency…]; null if the page was reloaded.</summary>
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
