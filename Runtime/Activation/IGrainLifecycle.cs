namespace JinaOrleans.Runtime.Activation;

/// <summary>Hooks an activation gets when its silo starts and stops (Orleans' OnActivate/OnDeactivate).</summary>
public interface IGrainLifecycle
{
    /// <summary>Runs before the activation receives its first call; a failure stops the silo's start.</summary>
    ValueTask ActivateAsync(CancellationToken cancellationToken);

    /// <summary>Runs after the activation's last call, when the silo stops.</summary>
    ValueTask DeactivateAsync(CancellationToken cancellationToken);
}
