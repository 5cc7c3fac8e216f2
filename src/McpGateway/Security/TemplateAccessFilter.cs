using McpGateway.Api;

namespace McpGateway.Security;

/// <summary>Endpoint filter for routes with a <c>{template}</c>: 403 unless the caller may use that template.</summary>
public static class TemplateAccessFilter
{
    public static TBuilder RequireTemplateAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.GetRouteValue("template") is string template
                && !http.RequestServices.GetRequiredService<ITemplateAccess>().CanUseTemplate(http.User, template))
            {
                throw Forbidden(http, $"This caller may not use template '{template}'.");
            }
            return await next(context);
        });

    /// <summary>Throws 403 unless the caller may call <paramref name="tool"/> of <paramref name="template"/>.</summary>
    public static void DemandTool(HttpContext http, string template, string tool)
    {
        if (!http.RequestServices.GetRequiredService<ITemplateAccess>().CanCallTool(http.User, template, tool))
        {
            throw Forbidden(http, $"This caller may not call tool '{tool}' of template '{template}'.");
        }
    }

    private static GatewayException Forbidden(HttpContext http, string detail)
    {
        http.RequestServices.GetRequiredService<AuditTrail>().Denied(http, StatusCodes.Status403Forbidden, detail);
        return new GatewayException(StatusCodes.Status403Forbidden, "Forbidden", detail, "https://mcpgateway.dev/errors/http-403");
    }
}
