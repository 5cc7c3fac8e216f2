using McpGateway.Hosting;
using Microsoft.AspNetCore.Authentication;

namespace McpGateway.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>Authentication, authorization, keys, tokens, rate limits, audit, registration policy and CORS. Bad settings stop start-up.</summary>
    public static IHostApplicationBuilder AddGatewaySecurity(this IHostApplicationBuilder builder, GatewayOptions gateway, HostingMode mode)
    {
        var configuration = builder.Configuration;
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var errors = AuthOptionsValidator.Validate(auth, gateway.Host, mode);
        if (errors.Count > 0)
        {
            throw new GatewayConfigurationException(errors);
        }

        var services = builder.Services;
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddOptions<RegistrationPolicyOptions>().Bind(configuration.GetSection(RegistrationPolicyOptions.Section));

        // IPrincipalStore and IAuditLog come with the gateway's store (Hosting/GatewayStoreServiceCollectionExtensions).
        services.AddSingleton<PrincipalCache>();
        services.AddSingleton<GatewayTokens>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<DeniedResponses>();
        services.AddSingleton<AuthenticationDenials>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<KeyIssuer>();
        services.AddSingleton<LoginThrottle>();
        services.AddGatewayRateLimiting();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ITemplateAccess, TemplateAccess>();
        services.AddSingleton<UpstreamAuthorization>();
        services.AddSingleton<UpstreamAddressPolicy>();
        services.AddSingleton<IStartupTask, SecurityStartup>();
        services.AddGatewayHostedService<AuditWriter>();

        // A policy scheme picks, per request, JwtBearer for the external provider's tokens or the gateway's own scheme (see GatewaySchemes).
        var external = auth.Enabled && auth.Entra.IsConfigured;
        var authentication = services.AddAuthentication(GatewaySchemes.Default)
            .AddPolicyScheme(GatewaySchemes.Default, null, options =>
            {
                options.ForwardDefaultSelector = context => external
                    && context.RequestServices.GetRequiredService<RequestAuthenticator>().ExternalToken(context) is not null
                        ? GatewaySchemes.External
                        : GatewaySchemes.Gateway;
                // 403 depends on the caller's role only, whoever authenticated it.
                options.ForwardForbid = GatewaySchemes.Gateway;
            })
            .AddScheme<AuthenticationSchemeOptions, GatewayAuthenticationHandler>(GatewaySchemes.Gateway, null);
        if (external)
        {
            authentication.AddExternalTokens();
        }
        services.AddAuthorization(GatewayPolicies.Configure);
        services.RemoveDataProtectionWarmUp();
        services.AddSecurityOpenApi();

        var origins = configuration.GetSection(CorsSettings.Section).Get<CorsSettings>()?.AllowedOrigins ?? [];
        if (origins.Length > 0)
        {
            services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod()
                .WithExposedHeaders("WWW-Authenticate", "Retry-After", "Mcp-Session-Id", "X-Gateway-Instance", "X-Response-Time")));
        }
        return builder;
    }

    /// <summary>
    /// <c>AddAuthentication</c> brings ASP.NET Core data protection, whose hosted service loads (or creates and writes) the
    /// key ring before the server listens. The gateway protects nothing with it (bearer tokens, API keys); should anything
    /// ever use it, the key ring is loaded on first use instead. Matched by name: the hosted service is internal.
    /// </summary>
    private static void RemoveDataProtectionWarmUp(this IServiceCollection services)
    {
        var warmUp = services.FirstOrDefault(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService");
        if (warmUp is not null)
        {
            services.Remove(warmUp);
        }
    }

    /// <summary>CORS (when configured), authentication, the rate limit and authorization, in that order.</summary>
    public static IApplicationBuilder UseGatewaySecurity(this IApplicationBuilder app, IConfiguration configuration)
    {
        if ((configuration.GetSection(CorsSettings.Section).Get<CorsSettings>()?.AllowedOrigins ?? []).Length > 0)
        {
            app.UseCors();
        }
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The security endpoints: sign-in, users, API keys, audit.</summary>
    public static IEndpointRouteBuilder MapGatewaySecurity(this IEndpointRouteBuilder app)
    {
        app.MapAuthEndpoints();
        app.MapUserEndpoints();
        app.MapKeyEndpoints();
        app.MapAuditEndpoints();
        return app;
    }
}
