namespace McpGateway.Security;

/// <summary>Endpoint filter for routes with a <c>{template}</c>: 403 unless the caller may use that template (<see cref="UpstreamAuthorization"/>).</summary>
public static class TemplateAccessFilter
{
    public static TBuilder RequireTemplateAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.GetRouteValue("template") is string template)
            {
                http.RequestServices.GetRequiredService<UpstreamAuthorization>().DemandTemplate(http.User, template);
            }
            return await next(context);
        });
}
