using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ingestor.Index.Elasticsearch;

/// <summary>
/// The HTTP handler for the cluster: connection pooling and the TLS trust the options ask for
/// (the system store, a CA certificate file, or a pinned SHA-256 fingerprint as Elasticsearch prints it on first start).
/// </summary>
public static class ElasticsearchTls
{
    public static SocketsHttpHandler CreateHandler(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate,
        };
        if (!string.IsNullOrWhiteSpace(options.CaCertificate))
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(options.CaCertificate);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                ValidateWithCa(certificate as X509Certificate2, chain, errors, ca);
        }
        else if (!string.IsNullOrWhiteSpace(options.CertificateFingerprint))
        {
            var fingerprint = NormalizeFingerprint(options.CertificateFingerprint)
                              ?? throw new ArgumentException("Elasticsearch:CertificateFingerprint is not a SHA-256 fingerprint.", nameof(options));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                MatchesFingerprint(certificate as X509Certificate2, chain, fingerprint);
        }
        return handler;
    }

    /// <summary>Upper-case hex without separators, or null when it is not 32 bytes of hex.</summary>
    public static string? NormalizeFingerprint(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var hex = fingerprint.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim();
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex.ToUpperInvariant() : null;
    }

    /// <summary>Accepts the server when its chain ends at <paramref name="ca"/> and its name matches.</summary>
    internal static bool ValidateWithCa(X509Certificate2? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2 ca)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ||
            errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            // Intermediates the server sent along.
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return chain.Build(certificate);
    }

    /// <summary>Accepts the server when it or any certificate of its chain has the pinned SHA-256 fingerprint.</summary>
    internal static bool MatchesFingerprint(X509Certificate2? certificate, X509Chain? chain, string fingerprint)
    {
        if (certificate is null)
        {
            return false;
        }
        if (Fingerprint(certificate) == fingerprint)
        {
            return true;
        }
        // The CA usually travels with the server certificate: it is in the chain, or at least in the handshake's extra store.
        return chain is not null &&
               (chain.ChainElements.Any(e => Fingerprint(e.Certificate) == fingerprint) ||
                chain.ChainPolicy.ExtraStore.Any(c => Fingerprint(c) == fingerprint));
    }

    internal static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.RawData));
}
