namespace MixOpt.Grains;

/// <summary>One execution slot. Execute returns at once; the run goes on off the Orleans scheduler and reports back.</summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    Task Execute(RunTicket ticket);

    Task Cancel(Guid runId);
}
