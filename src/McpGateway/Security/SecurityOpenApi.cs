using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace McpGateway.Security;

/// <summary>The OpenAPI security schemes (API key header, bearer JWT); public operations declare no requirement.</summary>
internal static class SecurityOpenApi
{
    public const string ApiKeyScheme = "apiKey";
    public const string BearerScheme = "bearer";

    public static void AddSecurityOpenApi(this IServiceCollection services)
        => services.ConfigureSwaggerGen(options =>
        {
            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = RequestAuthenticator.ApiKeyHeader,
                Description = "An API key (mgw_...) or the static API_KEY.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /auth/login or the configured identity provider; an API key works here too.",
            });
            options.OperationFilter<SecurityRequirementFilter>();
        });

    private sealed class SecurityRequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
        }
    }
}
