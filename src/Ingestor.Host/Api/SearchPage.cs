using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Ingestor.Host.Api;

/// <summary>The search page at <c>/</c>: static files from wwwroot, with a strict content security policy.</summary>
internal static class SearchPage
{
    // Only our own scripts, styles and API: snippets are inserted as DOM nodes, never as markup.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseSearchPage(this WebApplication app)
    {
        app.UseDefaultFiles();
        var types = new FileExtensionContentTypeProvider();
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = types,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Revalidate every time (cheap: ETag), so an upgraded service never serves a stale page.
                headers[HeaderNames.CacheControl] = "no-cache";
            },
        });
        return app;
    }
}
