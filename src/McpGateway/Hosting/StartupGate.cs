namespace McpGateway.Hosting;

/// <summary>Completes when the stores are initialised and the registry is loaded; requests and background loops wait for it.</summary>
public sealed class StartupGate
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    internal void Open() => _ready.TrySetResult();

    internal void Fail(Exception error) => _ready.TrySetException(error);
}
