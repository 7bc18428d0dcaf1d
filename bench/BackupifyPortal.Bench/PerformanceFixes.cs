namespace BackupifyPortal.Bench;

/// <summary>Issue item 5: what was fixed after a figure missed its target, with the figures before and after (same machine, same bench).</summary>
public static class PerformanceFixes
{
    public const string Markdown = """
        ## Fixes: before and after (issue item 5)

        | where | before | after | what changed |
        | --- | --- | --- | --- |
        | Login page, HTTP bytes until interactive (cold, published build over HTTPS) | 754.9 KB (miss) | 129.5 KB (pass, target ≤ 150 KB) | `App.razor` linked MudBlazor's CSS and JS through `@Assets[...]`, i.e. the fingerprinted routes `MudBlazor.min.k4r0it8844.css` / `.l3r8y5kzi5.js`. MudBlazor's package declares those routes itself and the SDK adds `.br`/`.gz` variants only to the plain routes, so the browser got 613 KB + 69 KB raw. The page now links the plain routes, which MapStaticAssets serves precompressed (42 KB + 15 KB Brotli, ETag revalidation instead of `immutable`). The app's own assets (`css/site.css`, `BackupifyPortal.styles.css`, via the `wwwroot` → `../wwwroot-assets` symlink) were already fingerprinted *and* compressed. CSP and security headers unchanged. |
        | Login page, warm time to interactive | 226 ms median, p95 561 ms | 278 ms median (pass) in the run right after the fix; 405 ms (miss) in the full run while other builds loaded the 2 cores | nothing changed for warm loads (cache hits except the 22 KB HTML, `no-store` by design): the spread is machine load; the remaining cost is the circuit start (negotiate + WebSocket + first interactive render of the Login page). |
        | Bench itself | the first version served the *build* output in Development: `Cache-Control: no-cache` and on-the-fly gzip for every asset (775 KB, cold 1.2 s) | the bench publishes the portal and runs it in Production over HTTPS | measure what production serves; Chromium offers Brotli only over HTTPS. |
        | Circuits | 100 circuits maximum, then tab timeouts | 200+ circuits | bench artefact: every tab of one browser context shares one HTTP/2 connection and Kestrel allows 100 streams (WebSockets) per connection; tabs are now spread over contexts, 50 each. |

        Not fixed (figures above): memory per idle Status-page circuit (~850–880 KB managed, target 200 KB). A heap dump at 50 circuits
        (`BP_BENCH_GCDUMP`, dotnet-gcdump) shows ~230 `RenderTreeFrame[]` arrays per circuit: every component keeps its own render-tree
        buffers, and the Status page is built of well over 100 MudBlazor components (layout shell, app bar, menus, the table with a
        `MudTd` per cell and a `MudChip` per row, providers). The next step is fewer components on the page (plain `<td>` cells, one
        chip style via CSS), then re-measure.

        """;
}
