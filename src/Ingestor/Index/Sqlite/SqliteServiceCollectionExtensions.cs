using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ingestor.Index.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite FTS5 engine: <see cref="SqliteSearchIndex"/> (also as <see cref="ISearchIndex"/>
    /// unless another engine was registered first), <see cref="SqliteRuleMatcher"/>, and
    /// <see cref="SqliteIndexOptions"/> bound from <c>Index:Sqlite</c> and validated at start.
    /// </summary>
    /// <param name="configure">Applied after binding, e.g. to place the file in the data folder.</param>
    public static IServiceCollection AddSqliteSearchIndex(this IServiceCollection services, Action<SqliteIndexOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SqliteIndexOptions>().BindConfiguration(SqliteIndexOptions.SectionName);
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteIndexOptions>, SqliteIndexOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteSearchIndex>();
        services.TryAddSingleton<ISearchIndex>(sp => sp.GetRequiredService<SqliteSearchIndex>());
        services.TryAddSingleton<SqliteRuleMatcher>();
        return services;
    }
}
