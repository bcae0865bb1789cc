using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>A CA, an intermediate CA it signed, and a server certificate for 127.0.0.1 the intermediate signed; made once per class.</summary>
public sealed class TlsCertificates : IDisposable
{
    private readonly RSA _caKey = RSA.Create(2048);
    private readonly RSA _intermediateKey = RSA.Create(2048);
    private readonly RSA _serverKey = RSA.Create(2048);

    public TlsCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        Ca = CaRequest("CN=Ingestor Test CA", _caKey).CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        using (var intermediate = CaRequest("CN=Ingestor Test Intermediate", _intermediateKey).Create(Ca, now.AddDays(-1), now.AddDays(29), [5, 6, 7, 8]))
        {
            Intermediate = intermediate.CopyWithPrivateKey(_intermediateKey);
        }

        var serverRequest = new CertificateRequest("CN=localhost", _serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(Intermediate, now.AddDays(-1), now.AddDays(28), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(_serverKey);
        // SslStream on Linux wants a certificate whose key came from a PKCS#12 import.
        Server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        IntermediatePublic = X509CertificateLoader.LoadCertificate(Intermediate.RawData);
    }

    private static CertificateRequest CaRequest(string name, RSA key)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request;
    }

    public X509Certificate2 Ca { get; }
    public X509Certificate2 Intermediate { get; }
    public X509Certificate2 IntermediatePublic { get; }
    public X509Certificate2 Server { get; }

    public void Dispose()
    {
        Server.Dispose();
        IntermediatePublic.Dispose();
        Intermediate.Dispose();
        Ca.Dispose();
        _serverKey.Dispose();
        _intermediateKey.Dispose();
        _caKey.Dispose();
    }
}

/// <summary>TLS trust: a CA certificate file, or the SHA-256 fingerprint Elasticsearch prints on first start.</summary>
public sealed class ElasticsearchTlsTests(TlsCertificates certificates) : IClassFixture<TlsCertificates>, IDisposable
{
    private readonly X509Certificate2 _ca = certificates.Ca;
    private readonly X509Certificate2 _server = certificates.Server;
    private readonly X509Certificate2Collection _chain = [certificates.IntermediatePublic];
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ingestor-es-tls", Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task InfoAsync_CaCertificateFile_TrustsTheCluster()
    {
        var caFile = Path.Combine(_folder, "http_ca.crt");
        await File.WriteAllTextAsync(caFile, _ca.ExportCertificatePem());
        await using var server = await FakeElasticsearch.StartAsync(_server, _chain);
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.CaCertificate = caFile;
        });

        var info = await host.Client.InfoAsync(CancellationToken.None);

        Assert.StartsWith("https://", server.Url.ToString(), StringComparison.Ordinal);
        Assert.Equal("fake", info.ClusterName);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InfoAsync_MatchingFingerprint_TrustsTheCluster(bool ofCa)
    {
        var fingerprint = ofCa ? certificates.IntermediatePublic.GetCertHashString(HashAlgorithmName.SHA256) : _server.GetCertHashString(HashAlgorithmName.SHA256);
        await using var server = await FakeElasticsearch.StartAsync(_server, _chain);
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.CertificateFingerprint = string.Join(':', fingerprint.Chunk(2).Select(c => new string(c))).ToLowerInvariant();
        });

        var info = await host.Client.InfoAsync(CancellationToken.None);

        Assert.Equal("fake", info.ClusterName);
    }

    [Fact]
    public async Task InfoAsync_WrongFingerprint_IsRefused()
    {
        await using var server = await FakeElasticsearch.StartAsync(_server, _chain);
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.CertificateFingerprint = new string('A', 64);
            o.MaxRetries = 0;
        });

        await Assert.ThrowsAsync<ElasticsearchUnavailableException>(() => host.Client.InfoAsync(CancellationToken.None));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task InfoAsync_UntrustedCertificate_IsRefused()
    {
        await using var server = await FakeElasticsearch.StartAsync(_server, _chain);
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.MaxRetries = 0;
        });

        await Assert.ThrowsAsync<ElasticsearchUnavailableException>(() => host.Client.InfoAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("AB:CD", null)]
    [InlineData("zz", null)]
    public void NormalizeFingerprint_NotSha256_IsNull(string input, string? expected)
    {
        Assert.Equal(expected, ElasticsearchTls.NormalizeFingerprint(input));
    }

    [Fact]
    public void NormalizeFingerprint_ColonsAndCase_AreNormalized()
    {
        var hex = string.Concat(Enumerable.Repeat("ab", 32));

        Assert.Equal(hex.ToUpperInvariant(), ElasticsearchTls.NormalizeFingerprint(string.Join(':', Enumerable.Repeat("ab", 32))));
    }
}
