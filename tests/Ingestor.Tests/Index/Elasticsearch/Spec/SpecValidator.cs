using System.Globalization;
using System.Text.Json;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch.Spec;

/// <summary>One problem with a request, at a JSON path ("$.query.bool.must[0]").</summary>
internal sealed record SpecError(string Path, string Message, bool KindMismatch = false)
{
    public override string ToString() => Path + ": " + Message;
}

/// <summary>
/// Checks JSON against the types of the Elasticsearch specification's metamodel: interfaces (with
/// inherited properties, required properties, aliases, AdditionalProperty/AdditionalProperties behaviours,
/// shortcut properties, and containers that must hold exactly one variant), enums (closed unless isOpen;
/// the boolean-turned-enum quirk), type aliases (internal-tag unions dispatched on their tag), unions,
/// arrays, dictionaries (single-key ones too), literals and generics. Integral spec numbers must be
/// integers and pipe-separated flags must name real flags. Requests are checked whole: the path against the
/// endpoint's URL patterns and methods, every query parameter against the request's parameters, and the
/// body (bulk bodies line by line: an action line, then its document).
/// </summary>
internal sealed class SpecValidator(EsSpec spec)
{
    /// <summary>
    /// The spec's number aliases that are whole numbers. The metamodel types them all as <c>_builtins.number</c>, so
    /// this is the one classification kept here; a test fails when the specification gains a number alias that is in
    /// neither this list nor <see cref="FractionalTypes"/>, or loses one of them.
    /// </summary>
    internal static readonly IReadOnlyList<TypeName> IntegralTypes =
    [
        new("_types", "integer"), new("_types", "long"), new("_types", "short"), new("_types", "byte"),
        new("_types", "uint"), new("_types", "ulong"), new("_types", "GeoTilePrecision"),
    ];

    internal static readonly IReadOnlyList<TypeName> FractionalTypes = [new("_types", "float"), new("_types", "double")];

    private static readonly TypeName CommonQueryParameters = new("_spec_utils", "CommonQueryParameters");
    private static readonly TypeName BulkOperation = new("_global.bulk", "OperationContainer");
    private static readonly TypeName BulkUpdate = new("_global.bulk", "UpdateAction");
    private static readonly TypeName PipeSeparatedFlags = new("_spec_utils", "PipeSeparatedFlags");

    /// <summary>Every type the validator names itself rather than reaching through an endpoint (a test checks they exist).</summary>
    internal static IReadOnlyList<TypeName> NamedTypes { get; } =
        [CommonQueryParameters, BulkOperation, BulkUpdate, PipeSeparatedFlags, new("_types.query_dsl", "QueryContainer")];

    /// <summary>
    /// Requests may not use keys a type leaves open to anything (IndexSettings' AdditionalProperties of
    /// user_defined_value): Elasticsearch would accept a misspelt setting there and ignore or reject it later,
    /// so our bodies stick to the settings the specification models. Responses may carry any.
    /// </summary>
    private bool _strictOpenProperties = true;

    /// <summary>What a generic parameter stands for in the current scope.</summary>
    private sealed record Bound(JsonElement Type, Env Env);

    private sealed class Env
    {
        public static readonly Env Empty = new(new Dictionary<TypeName, Bound>());

        private readonly Dictionary<TypeName, Bound> _bindings;

        private Env(Dictionary<TypeName, Bound> bindings) => _bindings = bindings;

        public bool TryGet(TypeName name, out Bound bound) => _bindings.TryGetValue(name, out bound!);

        /// <summary>Binds a type's declared generic parameters to the arguments of a reference, evaluated in <paramref name="scope"/>.</summary>
        public static Env Bind(JsonElement definition, JsonElement? arguments, Env scope)
        {
            if (!definition.TryGetProperty("generics", out var parameters) || arguments is not { ValueKind: JsonValueKind.Array } args)
            {
                return Empty;
            }
            var bindings = new Dictionary<TypeName, Bound>();
            var i = 0;
            foreach (var arg in args.EnumerateArray())
            {
                if (i < parameters.GetArrayLength())
                {
                    bindings[TypeName.From(parameters[i])] = new Bound(arg, scope);
                }
                i++;
            }
            return new Env(bindings);
        }
    }

    public EsSpec Spec => spec;

    // ---- Requests ----

    /// <summary>Every problem with a request: endpoint, method, path, query parameters and body.</summary>
    public IReadOnlyList<SpecError> ValidateRequest(ElasticsearchRequest request, Func<JsonElement, IEnumerable<SpecError>>? documentCheck = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<SpecError>();
        if (!spec.TryGetEndpoint(request.Endpoint, out var endpoint))
        {
            errors.Add(new SpecError("endpoint", $"'{request.Endpoint}' is not an endpoint of the {spec.Version} specification"));
            return errors;
        }
        ValidatePath(request, endpoint, errors);

        var requestType = spec.Type(TypeName.From(endpoint.GetProperty("request")));
        ValidateQuery(request, requestType, errors);

        var body = requestType.GetProperty("body");
        var kind = body.GetProperty("kind").GetString();
        var bytes = request.BodyBytes();
        if (kind == "no_body")
        {
            if (bytes is not null)
            {
                errors.Add(new SpecError("body", $"{request.Endpoint} takes no body"));
            }
            return errors;
        }
        if (bytes is null)
        {
            if (endpoint.TryGetProperty("requestBodyRequired", out var required) && required.GetBoolean())
            {
                errors.Add(new SpecError("body", $"{request.Endpoint} requires a body"));
            }
            return errors;
        }
        if (request.Ndjson is not null)
        {
            if (request.Endpoint != "bulk")
            {
                errors.Add(new SpecError("body", $"{request.Endpoint} does not take NDJSON"));
                return errors;
            }
            // The bytes as sent: one JSON document per line, each line ending in a newline (the last one too).
            if (bytes.Length == 0 || bytes[^1] != (byte)'\n')
            {
                errors.Add(new SpecError("body", "an NDJSON body must end with a newline"));
                return errors;
            }
            var lines = new List<JsonElement>();
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            var number = 0;
            foreach (var line in text[..^1].Split('\n'))
            {
                number++;
                try
                {
                    using var parsed = JsonDocument.Parse(line);
                    lines.Add(parsed.RootElement.Clone());
                }
                catch (JsonException ex)
                {
                    errors.Add(new SpecError($"line {number}", "not one JSON document: " + ex.Message));
                    return errors;
                }
            }
            if (lines.Count != request.Ndjson.Count)
            {
                errors.Add(new SpecError("body", $"{request.Ndjson.Count} lines built but {lines.Count} sent"));
            }
            errors.AddRange(ValidateBulkLines(lines, documentCheck));
            return errors;
        }
        using var document = JsonDocument.Parse(bytes);
        errors.AddRange(ValidateBody(request.Endpoint, document.RootElement));
        return errors;
    }

    /// <summary>A request body as the endpoint's request type describes it.</summary>
    public IReadOnlyList<SpecError> ValidateBody(string endpointName, JsonElement value)
    {
        if (!spec.TryGetEndpoint(endpointName, out var endpoint))
        {
            return [new SpecError("endpoint", $"'{endpointName}' is not an endpoint of the {spec.Version} specification")];
        }
        var requestType = spec.Type(TypeName.From(endpoint.GetProperty("request")));
        var body = requestType.GetProperty("body");
        var errors = new List<SpecError>();
        switch (body.GetProperty("kind").GetString())
        {
            case "properties":
                ValidateProperties(value, [.. body.GetProperty("properties").EnumerateArray().Select(p => (p, Env.Empty))],
                    additional: null, isContainer: false, containerVariantsAdditional: false, "$", errors);
                break;
            case "value":
                Validate(value, body.GetProperty("value"), Env.Empty, "$", errors);
                break;
            default:
                errors.Add(new SpecError("$", $"{endpointName} takes no body"));
                break;
        }
        return errors;
    }

    /// <summary>A response body as the endpoint's response type describes it (our test server's answers are checked with this).</summary>
    public IReadOnlyList<SpecError> ValidateResponse(string endpointName, JsonElement value)
    {
        if (!spec.TryGetEndpoint(endpointName, out var endpoint))
        {
            return [new SpecError("endpoint", $"'{endpointName}' is not an endpoint of the {spec.Version} specification")];
        }
        var responseType = spec.Type(TypeName.From(endpoint.GetProperty("response")));
        var body = responseType.GetProperty("body");
        var errors = new List<SpecError>();
        _strictOpenProperties = false;
        try
        {
            switch (body.GetProperty("kind").GetString())
            {
                case "properties":
                    ValidateProperties(value, [.. body.GetProperty("properties").EnumerateArray().Select(p => (p, Env.Empty))],
                        additional: null, isContainer: false, containerVariantsAdditional: false, "$", errors);
                    break;
                case "value":
                    Validate(value, body.GetProperty("value"), Env.Empty, "$", errors);
                    break;
                default:
                    errors.Add(new SpecError("$", $"{endpointName} answers without a body"));
                    break;
            }
        }
        finally
        {
            _strictOpenProperties = true;
        }
        return errors;
    }

    /// <summary>Bulk NDJSON: each action line is an OperationContainer; index/create/update are followed by their document.</summary>
    public IReadOnlyList<SpecError> ValidateBulkLines(IReadOnlyList<JsonElement> lines, Func<JsonElement, IEnumerable<SpecError>>? documentCheck = null)
    {
        var errors = new List<SpecError>();
        var operation = Reference(BulkOperation.Namespace, BulkOperation.Name);
        var i = 0;
        while (i < lines.Count)
        {
            var path = $"line {i + 1}";
            var before = errors.Count;
            Validate(lines[i], operation, Env.Empty, path, errors);
            if (errors.Count > before || lines[i].ValueKind != JsonValueKind.Object)
            {
                return errors; // without a readable action the pairing is lost
            }
            var op = lines[i].EnumerateObject().First().Name;
            if (op == "delete")
            {
                i++;
                continue;
            }
            if (i + 1 >= lines.Count)
            {
                errors.Add(new SpecError(path, $"the '{op}' action has no document line after it"));
                return errors;
            }
            var document = lines[i + 1];
            if (document.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SpecError($"line {i + 2}", "a document line must be a JSON object", true));
            }
            else if (op == "update")
            {
                Validate(document, Reference(BulkUpdate.Namespace, BulkUpdate.Name), Env.Empty, $"line {i + 2}", errors);
            }
            else if (documentCheck is not null)
            {
                errors.AddRange(documentCheck(document).Select(e => e with { Path = $"line {i + 2} " + e.Path }));
            }
            i += 2;
        }
        return errors;
    }

    private static JsonElement Reference(string ns, string name) =>
        JsonDocument.Parse($$$"""{"kind":"instance_of","type":{"namespace":"{{{ns}}}","name":"{{{name}}}"}}""").RootElement;

    private static void ValidatePath(ElasticsearchRequest request, JsonElement endpoint, List<SpecError> errors)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var methodMatched = false;
        var pathMatched = false;
        foreach (var url in endpoint.GetProperty("urls").EnumerateArray())
        {
            var template = url.GetProperty("path").GetString()!.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (template.Length != segments.Length)
            {
                continue;
            }
            var matches = template.Zip(segments).All(p =>
                p.First.StartsWith('{') ? p.Second.Length > 0 : p.First == p.Second);
            if (!matches)
            {
                continue;
            }
            pathMatched = true;
            methodMatched |= url.GetProperty("methods").EnumerateArray().Any(m => m.GetString() == request.Method.Method);
        }
        if (!pathMatched)
        {
            errors.Add(new SpecError("path", $"{request.Path} matches no URL of {request.Endpoint}"));
        }
        else if (!methodMatched)
        {
            errors.Add(new SpecError("path", $"{request.Method} is not a method of {request.Endpoint} at {request.Path}"));
        }
    }

    private void ValidateQuery(ElasticsearchRequest request, JsonElement requestType, List<SpecError> errors)
    {
        var parameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (requestType.TryGetProperty("query", out var query))
        {
            foreach (var parameter in query.EnumerateArray())
            {
                parameters[parameter.GetProperty("name").GetString()!] = parameter.GetProperty("type");
            }
        }
        foreach (var parameter in spec.Type(CommonQueryParameters).GetProperty("properties").EnumerateArray())
        {
            parameters[parameter.GetProperty("name").GetString()!] = parameter.GetProperty("type");
        }
        foreach (var (key, value) in request.Query)
        {
            if (!parameters.TryGetValue(key, out var type))
            {
                errors.Add(new SpecError("?" + key, $"not a query parameter of {request.Endpoint}"));
                continue;
            }
            // A URL value is text; "true" and "5" also stand for the boolean and the number.
            var asString = new List<SpecError>();
            using var text = JsonDocument.Parse(JsonSerializer.Serialize(value));
            Validate(text.RootElement, type, Env.Empty, "?" + key, asString);
            if (asString.Count == 0)
            {
                continue;
            }
            JsonDocument? literal = null;
            try
            {
                literal = JsonDocument.Parse(value);
            }
            catch (JsonException)
            {
            }
            using (literal)
            {
                var asLiteral = new List<SpecError>();
                if (literal is not null)
                {
                    Validate(literal.RootElement, type, Env.Empty, "?" + key, asLiteral);
                }
                if (literal is null || asLiteral.Count > 0)
                {
                    errors.Add(new SpecError("?" + key, $"'{value}' is not a valid value ({string.Join("; ", asString)})"));
                }
            }
        }
    }

    // ---- Values ----

    /// <summary>Checks a value against a named type.</summary>
    public IReadOnlyList<SpecError> ValidateType(string ns, string name, JsonElement value)
    {
        var errors = new List<SpecError>();
        Validate(value, Reference(ns, name), Env.Empty, "$", errors);
        return errors;
    }

    private void Validate(JsonElement value, JsonElement type, Env env, string path, List<SpecError> errors)
    {
        switch (type.GetProperty("kind").GetString())
        {
            case "instance_of":
                ValidateInstance(value, type, env, path, errors);
                break;
            case "array_of":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new SpecError(path, $"expected an array, found {Kind(value)}", true));
                    return;
                }
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Validate(item, type.GetProperty("value"), env, $"{path}[{i++}]", errors);
                }
                break;
            case "union_of":
                ValidateUnion(value, type.GetProperty("items").EnumerateArray().ToList(), env, path, errors);
                break;
            case "dictionary_of":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new SpecError(path, $"expected an object (dictionary), found {Kind(value)}", true));
                    return;
                }
                var count = 0;
                foreach (var property in value.EnumerateObject())
                {
                    count++;
                    Validate(property.Value, type.GetProperty("value"), env, $"{path}.{property.Name}", errors);
                }
                if (type.TryGetProperty("singleKey", out var single) && single.GetBoolean() && count != 1)
                {
                    errors.Add(new SpecError(path, $"expected exactly one key, found {count}"));
                }
                break;
            case "literal_value":
                var expected = type.GetProperty("value");
                if (expected.ValueKind != value.ValueKind || expected.GetRawText() != value.GetRawText())
                {
                    errors.Add(new SpecError(path, $"expected the literal {expected.GetRawText()}, found {value.GetRawText()}", true));
                }
                break;
            case "user_defined_value":
                break;
            default:
                errors.Add(new SpecError(path, $"unsupported type kind {type.GetProperty("kind")}"));
                break;
        }
    }

    private void ValidateUnion(JsonElement value, List<JsonElement> items, Env env, string path, List<SpecError> errors)
    {
        List<SpecError>? best = null;
        var bestShallow = true;
        foreach (var item in items)
        {
            var attempt = new List<SpecError>();
            Validate(value, item, env, path, attempt);
            if (attempt.Count == 0)
            {
                return;
            }
            var shallow = attempt.All(e => e.KindMismatch && e.Path == path);
            if (best is null || (bestShallow && !shallow) || (bestShallow == shallow && attempt.Count < best.Count))
            {
                best = attempt;
                bestShallow = shallow;
            }
        }
        if (best is null || bestShallow)
        {
            errors.Add(new SpecError(path, $"{Kind(value)} fits none of the union's members", true));
        }
        else
        {
            errors.AddRange(best);
        }
    }

    private void ValidateInstance(JsonElement value, JsonElement type, Env env, string path, List<SpecError> errors)
    {
        var name = TypeName.From(type.GetProperty("type"));
        if (env.TryGet(name, out var bound))
        {
            Validate(value, bound.Type, bound.Env, path, errors);
            return;
        }
        if (name.Namespace == "_builtins")
        {
            ValidateBuiltin(value, name.Name, path, errors);
            return;
        }
        if (IntegralTypes.Contains(name))
        {
            if (value.ValueKind != JsonValueKind.Number)
            {
                errors.Add(new SpecError(path, $"expected an integer ({name.Name}), found {Kind(value)}", true));
            }
            else if (!value.TryGetInt64(out _) && !value.TryGetUInt64(out _))
            {
                errors.Add(new SpecError(path, $"expected an integer ({name.Name}), found {value.GetRawText()}"));
            }
            return;
        }
        var generics = type.TryGetProperty("generics", out var g) ? g : (JsonElement?)null;
        if (name == PipeSeparatedFlags && value.ValueKind == JsonValueKind.String && generics is { } flagType)
        {
            foreach (var flag in value.GetString()!.Split('|'))
            {
                using var flagValue = JsonDocument.Parse(JsonSerializer.Serialize(flag));
                Validate(flagValue.RootElement, flagType[0], env, path, errors);
            }
            return;
        }
        if (!spec.TryGetType(name, out var definition))
        {
            if (IsGenericParameter(name))
            {
                return; // a generic parameter nothing bound, such as a request's TDocument: any value
            }
            errors.Add(new SpecError(path, $"type {name} is not in the specification"));
            return;
        }
        var scope = Env.Bind(definition, generics, env);
        switch (definition.GetProperty("kind").GetString())
        {
            case "interface":
                ValidateInterface(value, definition, scope, path, errors);
                break;
            case "enum":
                ValidateEnum(value, definition, name, path, errors);
                break;
            case "type_alias":
                ValidateAlias(value, definition, scope, path, errors);
                break;
            default:
                errors.Add(new SpecError(path, $"{name} is a {definition.GetProperty("kind")}, not a value type"));
                break;
        }
    }

    private bool IsGenericParameter(TypeName name)
    {
        var dot = name.Namespace.LastIndexOf('.');
        if (dot <= 0 || !spec.TryGetType(new TypeName(name.Namespace[..dot], name.Namespace[(dot + 1)..]), out var owner) ||
            !owner.TryGetProperty("generics", out var parameters))
        {
            return false;
        }
        return parameters.EnumerateArray().Any(p => TypeName.From(p) == name);
    }

    private static void ValidateBuiltin(JsonElement value, string name, string path, List<SpecError> errors)
    {
        var ok = name switch
        {
            "string" or "binary" => value.ValueKind == JsonValueKind.String,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "number" => value.ValueKind == JsonValueKind.Number,
            "null" => value.ValueKind == JsonValueKind.Null,
            "void" => false,
            // A builtin the metamodel gained since: say so rather than accept anything.
            _ => throw new NotSupportedException($"the validator does not know the builtin type _builtins.{name}"),
        };
        if (!ok)
        {
            errors.Add(new SpecError(path, $"expected {name}, found {Kind(value)}", true));
        }
    }

    private static void ValidateEnum(JsonElement value, JsonElement definition, TypeName name, string path, List<SpecError> errors)
    {
        var members = definition.GetProperty("members").EnumerateArray()
            .SelectMany(m => new[] { m.GetProperty("name").GetString()! }
                .Concat(m.TryGetProperty("aliases", out var aliases) ? aliases.EnumerateArray().Select(a => a.GetString()!) : []))
            .ToList();
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False && members.Contains("true") && members.Contains("false"))
        {
            return; // a boolean that evolved into an enum (dynamic, refresh): JSON booleans stay valid
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new SpecError(path, $"expected a {name.Name} string, found {Kind(value)}", true));
            return;
        }
        var isOpen = definition.TryGetProperty("isOpen", out var open) && open.GetBoolean();
        if (!isOpen && !members.Contains(value.GetString()!, StringComparer.Ordinal))
        {
            errors.Add(new SpecError(path, $"'{value.GetString()}' is not a {name.Name} (one of {string.Join(", ", members)})"));
        }
    }

    private void ValidateAlias(JsonElement value, JsonElement definition, Env scope, string path, List<SpecError> errors)
    {
        var aliased = definition.GetProperty("type");
        if (definition.TryGetProperty("variants", out var variants) && variants.GetProperty("kind").GetString() == "internal_tag")
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SpecError(path, $"expected an object, found {Kind(value)}", true));
                return;
            }
            var tagName = variants.GetProperty("tag").GetString()!;
            var tag = value.TryGetProperty(tagName, out var tagValue) && tagValue.ValueKind == JsonValueKind.String
                ? tagValue.GetString()
                : variants.TryGetProperty("defaultTag", out var defaultTag) ? defaultTag.GetString() : null;
            if (tag is null)
            {
                errors.Add(new SpecError(path, $"missing the '{tagName}' that says which variant this is"));
                return;
            }
            foreach (var item in aliased.GetProperty("items").EnumerateArray())
            {
                var itemType = spec.Type(TypeName.From(item.GetProperty("type")));
                var (properties, _, _) = CollectProperties(itemType, Env.Empty);
                var tagProperty = properties.FirstOrDefault(p => p.Property.GetProperty("name").GetString() == tagName);
                if (tagProperty.Property.ValueKind == JsonValueKind.Object &&
                    tagProperty.Property.GetProperty("type") is var t &&
                    t.GetProperty("kind").GetString() == "literal_value" && t.GetProperty("value").GetString() == tag)
                {
                    Validate(value, item, scope, path, errors);
                    return;
                }
            }
            errors.Add(new SpecError(path + "." + tagName, $"'{tag}' is not a known {TypeName.From(definition.GetProperty("name")).Name} {tagName}"));
            return;
        }
        Validate(value, aliased, scope, path, errors);
    }

    private sealed record Additional(bool Many, JsonElement ValueType, Env Env);

    /// <summary>Own and inherited properties (with generics bound), and the additional-property behaviour if any.</summary>
    private (List<(JsonElement Property, Env Env)> Properties, Additional? Additional, bool Container) CollectProperties(JsonElement definition, Env env)
    {
        var properties = new List<(JsonElement, Env)>();
        Additional? additional = null;
        var container = definition.TryGetProperty("variants", out var variants) && variants.GetProperty("kind").GetString() == "container";
        var current = definition;
        var scope = env;
        while (true)
        {
            if (current.TryGetProperty("properties", out var own))
            {
                properties.AddRange(own.EnumerateArray().Select(p => (p, scope)));
            }
            if (current.TryGetProperty("behaviors", out var behaviors))
            {
                foreach (var behavior in behaviors.EnumerateArray())
                {
                    var kind = behavior.GetProperty("type").GetProperty("name").GetString();
                    if (kind is "AdditionalProperties" or "AdditionalProperty" && behavior.TryGetProperty("generics", out var kv))
                    {
                        additional ??= new Additional(kind == "AdditionalProperties", kv[1], scope);
                    }
                }
            }
            if (!current.TryGetProperty("inherits", out var inherits))
            {
                break;
            }
            var parent = spec.Type(TypeName.From(inherits.GetProperty("type")));
            scope = Env.Bind(parent, inherits.TryGetProperty("generics", out var args) ? args : null, scope);
            current = parent;
        }
        return (properties, additional, container);
    }

    private void ValidateInterface(JsonElement value, JsonElement definition, Env env, string path, List<SpecError> errors)
    {
        var (properties, additional, container) = CollectProperties(definition, env);
        if (value.ValueKind != JsonValueKind.Object)
        {
            if (definition.TryGetProperty("shortcutProperty", out var shortcut))
            {
                var property = properties.First(p => p.Property.GetProperty("name").GetString() == shortcut.GetString());
                Validate(value, property.Property.GetProperty("type"), property.Env, path, errors);
                return;
            }
            errors.Add(new SpecError(path, $"expected an object ({TypeName.From(definition.GetProperty("name")).Name}), found {Kind(value)}", true));
            return;
        }
        ValidateProperties(value, properties, additional, container, containerVariantsAdditional: container, path, errors,
            TypeName.From(definition.GetProperty("name")).Name);
    }

    private void ValidateProperties(
        JsonElement value,
        List<(JsonElement Property, Env Env)> properties,
        Additional? additional,
        bool isContainer,
        bool containerVariantsAdditional,
        string path,
        List<SpecError> errors,
        string typeName = "body")
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError(path, $"expected an object ({typeName}), found {Kind(value)}", true));
            return;
        }
        var byName = new Dictionary<string, (JsonElement Property, Env Env)>(StringComparer.Ordinal);
        foreach (var entry in properties)
        {
            byName.TryAdd(entry.Property.GetProperty("name").GetString()!, entry);
            if (entry.Property.TryGetProperty("aliases", out var aliases))
            {
                foreach (var alias in aliases.EnumerateArray())
                {
                    byName.TryAdd(alias.GetString()!, entry);
                }
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var variantKeys = new List<string>();
        var extraKeys = new List<string>();
        foreach (var property in value.EnumerateObject())
        {
            var childPath = path + "." + property.Name;
            if (byName.TryGetValue(property.Name, out var entry))
            {
                var canonical = entry.Property.GetProperty("name").GetString()!;
                if (!seen.Add(canonical))
                {
                    errors.Add(new SpecError(childPath, $"'{canonical}' is given twice (name and alias)"));
                }
                var isContainerProperty = entry.Property.TryGetProperty("containerProperty", out var cp) && cp.GetBoolean();
                if (isContainer && !isContainerProperty)
                {
                    variantKeys.Add(property.Name);
                }
                Validate(property.Value, entry.Property.GetProperty("type"), entry.Env, childPath, errors);
            }
            else if (additional is not null && _strictOpenProperties && additional.Many &&
                     additional.ValueType.GetProperty("kind").GetString() == "user_defined_value")
            {
                errors.Add(new SpecError(childPath, $"'{property.Name}' is not a property the specification models for {typeName} (it would take any value)"));
            }
            else if (additional is not null)
            {
                extraKeys.Add(property.Name);
                Validate(property.Value, additional.ValueType, additional.Env, childPath, errors);
            }
            else
            {
                errors.Add(new SpecError(childPath, $"unknown property '{property.Name}' of {typeName}"));
            }
        }
        if (additional is { Many: false })
        {
            if (extraKeys.Count > 1)
            {
                errors.Add(new SpecError(path, $"{typeName} takes one field-named property, found {string.Join(", ", extraKeys)}"));
            }
            if (!isContainer && extraKeys.Count == 0)
            {
                errors.Add(new SpecError(path, $"{typeName} needs a field-named property"));
            }
        }
        if (isContainer)
        {
            var variants = variantKeys.Concat(containerVariantsAdditional ? extraKeys : []).ToList();
            if (variants.Count == 0)
            {
                errors.Add(new SpecError(path, $"{typeName} must hold exactly one variant, found none"));
            }
            else if (variants.Count > 1)
            {
                errors.Add(new SpecError(path, $"{typeName} must hold exactly one variant, found {variants.Count}: {string.Join(", ", variants)}"));
            }
        }
        foreach (var (property, _) in properties)
        {
            var name = property.GetProperty("name").GetString()!;
            if (property.TryGetProperty("required", out var required) && required.GetBoolean() && !seen.Contains(name))
            {
                errors.Add(new SpecError(path, $"missing required property '{name}' of {typeName}"));
            }
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number " + value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
