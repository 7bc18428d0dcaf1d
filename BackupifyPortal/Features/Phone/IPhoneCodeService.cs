using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Phone;

/// <summary>Issues, sends and checks SMS/voice codes with every limit of README.md enforced in the database.</summary>
public interface IPhoneCodeService
{
    Task<CodeSendState> GetStateAsync(CodeBinding binding, CancellationToken ct = default);
    Task<SendCodeResult> SendAsync(CodeBinding binding, DeliveryChannel channel, CancellationToken ct = default);
    Task<VerifyCodeResult> VerifyAsync(CodeBinding binding, string? code, CancellationToken ct = default);
}
