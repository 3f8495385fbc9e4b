package io.pixelcraft.collab.internal.commands;

import io.pixelcraft.collab.internal.RoomInfo;
import io.pixelcraft.collab.internal.RoomManager;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "pixelcraft", name = "rooms",
        description = "Lists the open collaboration rooms of this node: members, sequence numbers, outbound queue depths and lease generations.")
@Service
public class RoomsCommand implements Action {

    @Reference
    RoomManager manager;

    @Option(name = "-m", aliases = "--members", description = "Also lists each connection of each room.")
    boolean members;

    @Option(name = "--no-format", description = "Prints plain tab-separated rows for scripts.")
    boolean noFormat;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Project");
        table.column("Members");
        table.column("Seq");
        table.column("Stored seq");
        table.column("Snapshot seq");
        table.column("Writes");
        table.column("Last write (µs)");
        table.column("Max queue");
        table.column("Dropped presence");
        table.column("Lease");
        for (RoomInfo room : manager.rooms()) {
            table.addRow().addContent(room.projectId(), room.members().size(), room.appliedSeq(), room.storedSeq(),
                    room.snapshotSeq(), room.writes(), room.lastWriteMicros(), room.maxQueueDepth(),
                    room.droppedPresence(), room.leaseGeneration());
        }
        table.print(System.out, !noFormat);
        String node = manager.nodeId().isEmpty() ? "" : " on node " + manager.nodeId();
        System.out.println(manager.roomCount() + " rooms, " + manager.connectionCount() + " connections" + node);
        if (members) {
            printMembers();
        }
        return null;
    }

    private void printMembers() {
        ShellTable table = new ShellTable();
        table.column("Project");
        table.column("Session");
        table.column("User");
        table.column("Role");
        table.column("Queue");
        table.column("Dropped presence");
        for (RoomInfo room : manager.rooms()) {
            for (RoomInfo.MemberInfo member : room.members()) {
                table.addRow().addContent(room.projectId(), member.session(), member.userId(), member.role(),
                        member.queueDepth(), member.droppedPresence());
            }
        }
        table.print(System.out, !noFormat);
    }
}
