using System.Collections.ObjectModel;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Ingestor.Tests.Browser;

/// <summary>
/// Headless Chromium driven through Debian's chromedriver (packages chromium and chromium-driver;
/// <c>.ci/run</c> installs them). Tests skip with <see cref="MissingReason"/> where they are absent.
/// Screenshots go to <see cref="ScreenshotFolder"/>.
/// </summary>
public sealed class BrowserSession : IDisposable
{
    private readonly string _profile;

    private BrowserSession(ChromeDriver driver, string profile)
    {
        Driver = driver;
        _profile = profile;
    }

    public ChromeDriver Driver { get; }

    public static string? ChromiumPath => FirstExisting(Environment.GetEnvironmentVariable("CHROME_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

    public static string? DriverPath => FirstExisting(Environment.GetEnvironmentVariable("CHROMEDRIVER"), "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    /// <summary>Why browser tests cannot run here, or null when they can.</summary>
    public static string? MissingReason =>
        ChromiumPath is null ? "Chromium is not installed (apt-get install -y chromium chromium-driver, as .ci/run does)."
        : DriverPath is null ? "chromedriver is not installed (apt-get install -y chromium-driver, as .ci/run does)."
        : null;

    /// <summary>Where screenshots are written: TestResults/screenshots under the test output folder, or INGESTOR_SCREENSHOTS.</summary>
    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable("INGESTOR_SCREENSHOTS") is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static BrowserSession Start()
    {
        var profile = Path.Combine(Path.GetTempPath(), "ingestor-chromium", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath!)!, Path.GetFileName(DriverPath!));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath! };
        // Root in a sandboxed container: no setuid sandbox, no GPU, no /dev/shm; and no background
        // connections (refused here, and Chromium stalls waiting for them).
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-default-apps", "--no-default-browser-check", "--password-store=basic", "--lang=en-GB",
            $"--user-data-dir={profile}", "--window-size=1280,1100");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(30);
        return new BrowserSession(driver, profile);
    }

    /// <summary>Saves a PNG of the viewport as <c>NAME.png</c> and returns its path.</summary>
    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <summary>Opens a page of the app with a clean session (no API key, no earlier state).</summary>
    /// <param name="waitForIdle">False when the page is expected to stop and ask something (the API key).</param>
    public void Open(Uri baseAddress, string pathAndQuery = "/", bool waitForIdle = true)
    {
        // A page of the same origin that runs no script, to clear the tab's storage before the app starts.
        Driver.Navigate().GoToUrl(new Uri(baseAddress, "/healthz"));
        Driver.ExecuteScript("sessionStorage.clear();");
        Driver.Navigate().GoToUrl(new Uri(baseAddress, pathAndQuery));
        if (waitForIdle)
        {
            WaitForIdle();
        }
    }

    /// <summary>Polls until the condition holds; stale elements (the page re-rendered) count as "not yet".</summary>
    public void WaitUntil(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is StaleElementReferenceException or NoSuchElementException or InvalidOperationException)
            {
                last = ex;
            }
            Thread.Sleep(50);
        }
        Screenshot("timeout-" + string.Concat(what.Where(char.IsLetterOrDigit)).ToLowerInvariant());
        throw new TimeoutException($"Timed out waiting until {what}. URL: {Driver.Url}. {last?.Message}");
    }

    /// <summary>Waits until the page has no load in flight (main[aria-busy=false]).</summary>
    public void WaitForIdle() =>
        WaitUntil(() => Driver.FindElement(By.Id("main")).GetAttribute("aria-busy") == "false", "the page is idle");

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public ReadOnlyCollection<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    public IWebElement WaitFor(string css, string? what = null)
    {
        IWebElement? found = null;
        WaitUntil(() => (found = Driver.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed)) is not null, what ?? css + " is shown");
        return found!;
    }

    public string ResultCount => Find("#result-count").Text;

    public object? Script(string script, params object[] arguments) => Driver.ExecuteScript(script, arguments);

    /// <summary>The element that has keyboard focus.</summary>
    public IWebElement Focused => Driver.SwitchTo().ActiveElement();

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be writing its profile while it exits.
            }
        }
    }

    private static string? FirstExisting(params string?[] paths) =>
        paths.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p) && File.Exists(p));
}

/// <summary>One browser for every browser test class (they run one after another, in this collection).</summary>
public sealed class BrowserFixture : IDisposable
{
    private readonly Lazy<BrowserSession> _session = new(BrowserSession.Start);

    public BrowserSession Session
    {
        get
        {
            Skip.If(BrowserSession.MissingReason is not null, BrowserSession.MissingReason);
            return _session.Value;
        }
    }

    public void Dispose()
    {
        if (_session.IsValueCreated)
        {
            _session.Value.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
