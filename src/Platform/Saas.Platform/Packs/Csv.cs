using System.Text;

namespace Saas.Platform.Packs;

/// <summary>RFC 4180 CSV: comma-separated, fields in double quotes may hold commas, quotes (doubled) and line breaks.</summary>
internal static class Csv
{
    public static (List<List<string>> Records, string? Error) Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var i = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    cell.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(cell.ToString());
                cell.Clear();
                AddUnlessBlank(records, record);
                record = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (quoted)
        {
            return (records, "a quoted cell is not closed.");
        }

        record.Add(cell.ToString());
        AddUnlessBlank(records, record);
        return (records, null);
    }

    private static void AddUnlessBlank(List<List<string>> records, List<string> record)
    {
        if (record.Count > 1 || record[0].Length > 0)
        {
            records.Add(record);
        }
    }
}
