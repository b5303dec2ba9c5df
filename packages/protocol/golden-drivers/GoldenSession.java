// Drives the real ZooKeeper Java client through every client opcode it can send, so that
// scripts/capture-golden.ts records canonical Java encodings and the real server's replies.
// Run by that script as: java -cp <zookeeper jars> GoldenSession.java <port>.
// A line "DROP" on stdout asks the capture proxy to cut this client's connections, which makes
// the client reconnect and replay its session, auth and watches (setWatches / setWatches2).

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

public class GoldenSession {
    static final List<ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;
    static final LinkedBlockingQueue<Watcher.Event.KeeperState> states = new LinkedBlockingQueue<>();

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs a step whose KeeperException is an expected outcome, not a failure. */
    interface Step {
        void run() throws Exception;
    }

    static void expectError(KeeperException.Code code, Step step) throws Exception {
        try {
            step.run();
            throw new IllegalStateException("expected " + code);
        } catch (KeeperException e) {
            if (e.code() != code) throw e;
        }
    }

    static void awaitState(Watcher.Event.KeeperState want) throws InterruptedException {
        while (true) {
            Watcher.Event.KeeperState s = states.poll(30, TimeUnit.SECONDS);
            if (s == null) throw new IllegalStateException("timed out waiting for " + want);
            if (s == want) return;
        }
    }

    static ZooKeeper connect(String hosts) throws Exception {
        ZooKeeper zk = new ZooKeeper(hosts, 4000, e -> {
            if (e.getType() == Watcher.Event.EventType.None) states.add(e.getState());
        });
        awaitState(Watcher.Event.KeeperState.SyncConnected);
        return zk;
    }

    static void dropAndReconnect() throws InterruptedException {
        System.out.println("DROP");
        System.out.flush();
        awaitState(Watcher.Event.KeeperState.Disconnected);
        awaitState(Watcher.Event.KeeperState.SyncConnected);
    }

    public static void main(String[] args) throws Exception {
        String hosts = "127.0.0.1:" + args[0];
        Watcher ignore = e -> { };
        ZooKeeper zk = connect(hosts);
        Stat stat = new Stat();
        String g = "/golden";

        zk.create(g, b("root"), OPEN, CreateMode.PERSISTENT);
        expectError(KeeperException.Code.NODEEXISTS, () -> zk.create(g, null, OPEN, CreateMode.PERSISTENT));
        zk.create(g + "/c2", b("two"), OPEN, CreateMode.PERSISTENT, stat);
        String seq = zk.create(g + "/seq-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL, stat);
        zk.create(g + "/eph", b("e"), OPEN, CreateMode.EPHEMERAL);
        expectError(KeeperException.Code.NOCHILDRENFOREPHEMERALS,
            () -> zk.create(g + "/eph/child", null, OPEN, CreateMode.PERSISTENT));
        zk.create(g + "/ttl", b("t"), OPEN, CreateMode.PERSISTENT_WITH_TTL, stat, 60000);
        zk.create(g + "/container", b("c"), OPEN, CreateMode.CONTAINER);
        expectError(KeeperException.Code.NONODE, () -> zk.create(g + "/no/parent", null, OPEN, CreateMode.PERSISTENT));

        zk.exists(g + "/c2", true);
        zk.exists(g + "/later", true);
        zk.getData(g + "/c2", true, stat);
        zk.getData(seq, false, stat);
        expectError(KeeperException.Code.NONODE, () -> zk.getData(g + "/missing", false, stat));
        zk.getChildren(g, true);
        zk.getChildren(g, false, stat);
        zk.setData(g + "/c2", b("two-v1"), 0);
        expectError(KeeperException.Code.BADVERSION, () -> zk.setData(g + "/c2", b("x"), 99));
        zk.create(g + "/later", b("l"), OPEN, CreateMode.PERSISTENT);

        zk.getACL(g + "/c2", stat);
        zk.setACL(g + "/c2", OPEN, 0);
        expectError(KeeperException.Code.BADVERSION, () -> zk.setACL(g + "/c2", OPEN, 99));
        CountDownLatch synced = new CountDownLatch(1);
        zk.sync(g, (rc, path, ctx) -> synced.countDown(), null);
        synced.await();
        zk.getAllChildrenNumber(g);
        zk.getEphemerals(g);
        zk.getEphemerals();
        zk.getConfig(false, stat);
        zk.whoAmI();

        zk.addAuthInfo("digest", b("alice:secret"));
        String aliceDigest = DigestAuthenticationProvider.generateDigest("alice:secret");
        zk.create(g + "/secret", b("s"), Arrays.asList(
            new ACL(ZooDefs.Perms.ALL, new Id("digest", aliceDigest)),
            new ACL(ZooDefs.Perms.READ, new Id("world", "anyone"))), CreateMode.PERSISTENT);
        zk.getACL(g + "/secret", stat);
        zk.addAuthInfo("digest", b("\uD83D\uDE00smile:pw"));
        zk.whoAmI();

        zk.multi(Arrays.asList(
            Op.create(g + "/m1", b("m1"), OPEN, CreateMode.PERSISTENT),
            Op.create(g + "/mseq-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL),
            Op.create(g + "/mttl", b("t"), OPEN, CreateMode.PERSISTENT_WITH_TTL, 60000),
            Op.create(g + "/mcontainer", b("c"), OPEN, CreateMode.CONTAINER),
            Op.setData(g + "/c2", b("two-v2"), -1),
            Op.check(g + "/c2", 2),
            Op.delete(g + "/m1", -1)));
        expectError(KeeperException.Code.NONODE, () -> zk.multi(Arrays.asList(
            Op.create(g + "/m2", null, OPEN, CreateMode.PERSISTENT),
            Op.delete(g + "/absent", -1),
            Op.setData(g + "/c2", b("never"), -1))));
        expectError(KeeperException.Code.BADVERSION, () -> zk.multi(Arrays.asList(
            Op.check(g + "/c2", 99))));
        zk.multi(Arrays.asList(Op.getData(g + "/c2"), Op.getChildren(g), Op.getData(g + "/absent")));

        Watcher dataWatcher = e -> { };
        zk.getData(g + "/later", dataWatcher, stat);
        zk.removeWatches(g + "/later", dataWatcher, Watcher.WatcherType.Data, false);
        zk.getChildren(g + "/later", dataWatcher);
        zk.removeAllWatches(g + "/later", Watcher.WatcherType.Children, false);

        zk.addWatch(g + "/pw", AddWatchMode.PERSISTENT);
        zk.addWatch(g + "/tree", AddWatchMode.PERSISTENT_RECURSIVE);
        zk.create(g + "/pw", b("p"), OPEN, CreateMode.PERSISTENT);
        zk.setData(g + "/pw", b("p2"), -1);
        zk.create(g + "/tree", null, OPEN, CreateMode.PERSISTENT);
        zk.create(g + "/tree/leaf", null, OPEN, CreateMode.PERSISTENT);
        zk.delete(g + "/tree/leaf", -1);

        // Watches of every kind outstanding across a reconnect: the client replays them with
        // setWatches2 (persistent watches exist), after its auth packets.
        zk.exists(g + "/gone-while-away", true);
        zk.getData(g + "/c2", true, stat);
        zk.getChildren(g, true);
        dropAndReconnect();

        // Idle long enough for the client to ping (every third of the 4 s session timeout).
        Thread.sleep(3000);

        expectError(KeeperException.Code.BADVERSION, () -> zk.delete(g + "/c2", 99));
        expectError(KeeperException.Code.NOTEMPTY, () -> zk.delete(g, -1));
        expectError(KeeperException.Code.NONODE, () -> zk.delete(g + "/absent", -1));
        zk.delete(g + "/c2", -1);
        zk.delete(g + "/later", -1);
        zk.close();

        // A second session with only one-shot watches: the reconnect replay uses setWatches.
        ZooKeeper zk2 = connect(hosts);
        zk2.exists(g + "/pw", true);
        zk2.getChildren(g + "/tree", true);
        zk2.exists(g + "/not-yet", true);
        dropAndReconnect();
        zk2.close();
        System.out.println("DONE");
    }
}
