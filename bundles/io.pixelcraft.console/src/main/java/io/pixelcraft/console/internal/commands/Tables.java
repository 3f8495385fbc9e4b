package io.pixelcraft.console.internal.commands;

import io.pixelcraft.console.internal.StatusReport;
import java.util.List;
import org.apache.karaf.shell.support.table.ShellTable;

final class Tables {

    private Tables() {
    }

    /** Prints labelled rows as a two-column table, or as tab-separated lines when {@code noFormat} is set. */
    static void print(List<StatusReport.Row> rows, boolean noFormat) {
        ShellTable table = new ShellTable();
        table.noHeaders();
        table.column("Item");
        table.column("Value");
        for (StatusReport.Row row : rows) {
            table.addRow().addContent(row.label(), row.value());
        }
        table.print(System.out, !noFormat);
    }
}
