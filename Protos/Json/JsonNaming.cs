namespace JinaOrleans.Protos.Json;

/// <summary>Key style of the header, route and status objects: camelCase over HTTP, snake_case over WebSocket.</summary>
internal enum JsonNaming
{
    CamelCase,
    SnakeCase,
}
