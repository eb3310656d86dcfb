namespace JinaOrleans;

/// <summary>Endpoint names with a meaning of their own in Jina.</summary>
public static class WellKnownEndpoints
{
    /// <summary>The catch-all: serves every endpoint without a method of its own.</summary>
    public const string Default = "/default";

    /// <summary>The endpoint of a dry run: it travels through the whole flow and runs no executor method.</summary>
    public const string DryRun = "_jina_dry_run_";

    /// <summary>Jina's CRUD endpoint for <c>client.index</c> (the HTTP gateway's <c>POST /index</c>).</summary>
    public const string Index = "/index";

    /// <summary>Jina's CRUD endpoint for <c>client.search</c> (<c>POST /search</c>).</summary>
    public const string Search = "/search";

    /// <summary>Jina's CRUD endpoint for <c>client.update</c> (<c>PUT /update</c>).</summary>
    public const string Update = "/update";

    /// <summary>Jina's CRUD endpoint for <c>client.delete</c> (<c>DELETE /delete</c>).</summary>
    public const string Delete = "/delete";

    /// <summary>The key under <c>parameters</c> where executors' returned dictionaries are collected.</summary>
    public const string ResultsKey = "__results__";
}
