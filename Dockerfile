# McpGateway container image: the gateway executable with node (npx) and python (uv/uvx) so stdio MCP servers run in it.
# Default mode is the worker (McpGateway__Mode=worker): host the stdio templates of MCP_GATEWAY_REGISTRY_FILE and register
# them in the shared registry. Run the same image with McpGateway__Mode=drain as a Container Apps job, or unset for a gateway.
# See docs/workers.md. Not built on the development machines (no Docker engine there).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/McpGateway/McpGateway.csproj src/McpGateway/
RUN dotnet restore src/McpGateway/McpGateway.csproj
COPY src/ src/
RUN dotnet publish src/McpGateway/McpGateway.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# node + npm for `npx` servers; python + uv/uvx for `uvx` servers; util-linux for setsid (process groups, so whole trees are reaped).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm python3 python3-venv ca-certificates curl util-linux \
    && curl -LsSf https://astral.sh/uv/install.sh | env UV_INSTALL_DIR=/usr/local/bin UV_NO_MODIFY_PATH=1 sh \
    && apt-get purge -y curl && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 mcp
WORKDIR /app
COPY --from=build /app ./
# The stdio templates this image runs (worker and drain modes). Edit deploy/registry.json before building, or mount another
# file and point McpGateway__RegistryFile at it (infra/main.bicep sets it, parameter workerRegistryFile). See docs/workers.md.
COPY deploy/registry.json /app/registry.json
USER mcp
ENV HOME=/home/mcp \
    NPM_CONFIG_CACHE=/home/mcp/.npm \
    UV_CACHE_DIR=/home/mcp/.cache/uv \
    McpGateway__Mode=worker \
    McpGateway__Host=0.0.0.0 \
    McpGateway__Port=8080 \
    McpGateway__DataDirectory=/home/mcp/data \
    McpGateway__RegistryFile=/app/registry.json
EXPOSE 8080
ENTRYPOINT ["dotnet", "McpGateway.dll"]
