using System.Net;
using System.Net.Http.Json;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Contract;

/// <summary>
/// One server-everything over Streamable HTTP per contract class, registered once as a fresh template on that class's target.
/// Started on first use, so a class whose tests are all skipped starts nothing.
/// </summary>
public sealed class ContractUpstream : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RunningServer? _server;
    private string? _template;
    private IGatewayTarget? _target;

    /// <summary>The template server-everything is registered as on <paramref name="target"/> (registered on the first call).</summary>
    public async Task<string> TemplateAsync(IGatewayTarget target)
    {
        await _gate.WaitAsync();
        try
        {
            if (_template is null)
            {
                _server ??= await McpServers.StartEverythingHttpAsync();
                var template = "contract" + Guid.NewGuid().ToString("N")[..10];
                using var admin = target.CreateClient(target.AdminKey);
                var register = await admin.PostAsJsonAsync("/gateway/register", McpServers.Http(template, template + "-1", _server.Endpoint));
                Assert.True(register.StatusCode == HttpStatusCode.Created, $"{register.StatusCode}: {await register.Content.ReadAsStringAsync()}");
                (_template, _target) = (template, target);
            }
            return _template;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Deregisters the template first (the target outlives this class when it is a shared host), then stops the server.</summary>
    public async Task DisposeAsync()
    {
        if (_target is not null && _template is not null)
        {
            try
            {
                using var admin = _target.CreateClient(_target.AdminKey);
                using var _ = await admin.DeleteAsync($"/gateway/deregister/{_template}/{_template}-1");
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                // the target is gone already
            }
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _gate.Dispose();
    }
}
