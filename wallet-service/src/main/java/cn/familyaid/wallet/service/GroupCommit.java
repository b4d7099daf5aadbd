package cn.familyaid.wallet.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit for the threads that execute ledger commands: a command submitted while every transaction slot is
 * busy waits in a queue, and the next thread to take a free slot executes everything queued then (up to
 * {@code maxGroup} items) as one group, in one database transaction. An idle ledger executes each command at once,
 * alone, so the group costs nothing at low load; under load the commits (and their WAL flushes) are shared.
 * <p>
 * Plain Java with a monitor: the caller's thread blocks until its own item's result is known, whichever thread
 * executed it. The executor must return one result per item, in order; it is where a failing group falls back to
 * one by one ({@link LedgerCommandService}).
 *
 * @param <T> what is submitted
 * @param <R> its result
 */
public final class GroupCommit<T, R> {
    private final int maxGroup;
    private final int slots;
    private final Function<List<T>, List<R>> executor;
    private final ArrayDeque<Slot<T, R>> queue = new ArrayDeque<>();
    private int running;

    private static final class Slot<T, R> {
        final T item;
        boolean taken;
        boolean done;
        R result;
        RuntimeException error;

        Slot(T item) {
            this.item = item;
        }
    }

    /**
     * @param maxGroup most items in one group (1: every item alone)
     * @param slots    groups executing at once (their transactions lock in one order, so they cannot deadlock)
     * @param executor executes a group and returns one result per item, in order
     */
    public GroupCommit(int maxGroup, int slots, Function<List<T>, List<R>> executor) {
        if (maxGroup < 1 || slots < 1) {
            throw new IllegalArgumentException("maxGroup and slots must be at least 1");
        }
        this.maxGroup = maxGroup;
        this.slots = slots;
        this.executor = executor;
    }

    /** Executes the item, alone or in a group, and returns its result (or throws the executor's exception). */
    public R submit(T item) {
        Slot<T, R> mine = new Slot<>(item);
        synchronized (this) {
            queue.add(mine);
        }
        while (true) {
            List<Slot<T, R>> group;
            synchronized (this) {
                while (!mine.done && (mine.taken || running >= slots)) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        if (!mine.taken) {
                            queue.remove(mine);
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted before the command was executed", e);
                        }
                        // taken by another thread's group: its outcome is on the way, wait for it
                        Thread.currentThread().interrupt();
                    }
                }
                if (mine.done) {
                    if (mine.error != null) {
                        throw mine.error;
                    }
                    return mine.result;
                }
                // a free slot and this item still queued: lead the next group (it may not include this item when
                // more than maxGroup were queued ahead of it; then this thread loops and leads or waits again)
                running++;
                group = new ArrayList<>(Math.min(queue.size(), maxGroup));
                while (!queue.isEmpty() && group.size() < maxGroup) {
                    Slot<T, R> s = queue.poll();
                    s.taken = true;
                    group.add(s);
                }
            }
            execute(group);
        }
    }

    private void execute(List<Slot<T, R>> group) {
        List<R> results = null;
        RuntimeException error = null;
        try {
            results = executor.apply(group.stream().map(s -> s.item).toList());
            if (results.size() != group.size()) {
                error = new IllegalStateException(results.size() + " results for a group of " + group.size());
            }
        } catch (RuntimeException e) {
            error = e;
        } catch (Error e) {
            error = new IllegalStateException(e);
        }
        synchronized (this) {
            running--;
            for (int i = 0; i < group.size(); i++) {
                Slot<T, R> s = group.get(i);
                s.done = true;
                if (error != null) {
                    s.error = error;
                } else {
                    s.result = results.get(i);
                }
            }
            notifyAll();
        }
    }

    /** Items waiting for a slot (the gauge {@code familyaid_ledger_group_queued}, tests). */
    public synchronized int queued() {
        return queue.size();
    }
}
