namespace Ingestor.Index.Elasticsearch;

/// <summary>
/// Elasticsearch answered with an error. <see cref="ErrorType"/> and <see cref="Reason"/> are the
/// server's own (<c>error.type</c>, <c>error.reason</c>), e.g. <c>index_not_found_exception</c>.
/// </summary>
public class ElasticsearchException : Exception
{
    public ElasticsearchException(string message) : base(message)
    {
        ErrorType = "";
        Reason = message;
    }

    public ElasticsearchException(string message, Exception innerException) : base(message, innerException)
    {
        ErrorType = "";
        Reason = message;
    }

    public ElasticsearchException() : this("Elasticsearch request failed.")
    {
    }

    public ElasticsearchException(string endpoint, int statusCode, string errorType, string reason, Uri? node = null)
        : base($"Elasticsearch {endpoint} failed with HTTP {statusCode}: {(errorType.Length > 0 ? errorType + ": " : "")}{reason}")
    {
        Endpoint = endpoint;
        StatusCode = statusCode;
        ErrorType = errorType;
        Reason = reason;
        Node = node;
    }

    /// <summary>The API called, as the specification names it (search, bulk, indices.create, ...).</summary>
    public string? Endpoint { get; }
    public int StatusCode { get; }
    public string ErrorType { get; }
    public string Reason { get; }
    public Uri? Node { get; }
}

/// <summary>The server did not identify itself as Elasticsearch (no <c>X-Elastic-Product: Elasticsearch</c>).</summary>
public sealed class ElasticsearchProductCheckException : ElasticsearchException
{
    public ElasticsearchProductCheckException(string message) : base(message)
    {
    }

    public ElasticsearchProductCheckException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ElasticsearchProductCheckException() : this("The server is not Elasticsearch.")
    {
    }
}

/// <summary>No node answered (connection refused, TLS failure, timeouts) after every retry.</summary>
public sealed class ElasticsearchUnavailableException : ElasticsearchException
{
    public ElasticsearchUnavailableException(string message) : base(message)
    {
    }

    public ElasticsearchUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ElasticsearchUnavailableException() : this("No Elasticsearch node answered.")
    {
    }
}
