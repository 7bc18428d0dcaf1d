using System.Globalization;
using System.Text;

namespace BackupifyPortal.Features.Admin;

/// <summary>RFC 4180 CSV of audit rows, with spreadsheet formula injection neutralised.</summary>
public static class AuditCsv
{
    public static string Write(IEnumerable<AuditRow> rows)
    {
        var csv = new StringBuilder("time_utc,type,person,actor,detail,ip\r\n");
        foreach (var r in rows)
        {
            string[] cells = [r.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.Type, r.SubjectEmail ?? "", r.ActorEmail ?? "", r.Detail ?? "", r.IpAddress ?? ""];
            csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        }
        return csv.ToString();
    }

    public static string Cell(string value)
    {
        // A cell starting with = + - @ (or tab/CR) would run as a formula in Excel; a leading quote makes it text.
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0])) value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
