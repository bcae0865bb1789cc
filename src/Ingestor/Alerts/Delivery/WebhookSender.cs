using System.Security.Cryptography;
using System.Text;

namespace Ingestor.Alerts.Delivery;

/// <summary>
/// POSTs the alert JSON to a URL, signed: <c>X-Ingestor-Signature: sha256=HEX</c> is the HMAC-SHA256 of
/// the exact body bytes with the destination's secret. <c>X-Ingestor-Alert-Id</c> lets receivers drop
/// the repeats at-least-once delivery may bring.
/// </summary>
public sealed class WebhookSender(AlertHttp http, AlertRuleStore rules) : IAlertSender
{
    public const string SignatureHeader = "X-Ingestor-Signature";
    public const string AlertIdHeader = "X-Ingestor-Alert-Id";
    public const string EventHeader = "X-Ingestor-Event";

    public DestinationType Type => DestinationType.Webhook;

    public async Task SendAsync(AlertDestination destination, AlertPayload payload, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(payload);
        var secret = rules.ResolveSecret(destination);
        if (string.IsNullOrEmpty(secret))
        {
            throw new AlertDeliveryException(destination.SecretEnv is not null
                ? $"the environment variable {destination.SecretEnv} holding the webhook secret is not set"
                : $"the webhook secret Alerts:Secrets:{destination.Secret} is not configured", permanent: true);
        }
        var headers = new Dictionary<string, string>
        {
            [SignatureHeader] = Sign(secret, body.Span),
            [AlertIdHeader] = payload.AlertId,
            [EventHeader] = payload.Kind,
        };
        await http.PostAsync(new Uri(destination.Url!), body, headers, cancellationToken);
    }

    /// <summary>The signature header's value for a body.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
