namespace Ingestor.Alerts.Delivery;

/// <summary>A delivery that failed; <see cref="Permanent"/> when trying again cannot help (a 404, a missing secret).</summary>
public sealed class AlertDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>Sends one alert to one kind of destination; throws when it could not.</summary>
public interface IAlertSender
{
    DestinationType Type { get; }

    /// <param name="body">The alert's JSON (<see cref="AlertPayload"/>), exactly as recorded.</param>
    /// <exception cref="AlertDeliveryException">The destination did not take the alert.</exception>
    Task SendAsync(AlertDestination destination, AlertPayload payload, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}
