package io.github.jdiskcache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ArgumentParserTest {
    private static Invocation parse(String... args) throws UsageException {
        return ArgumentParser.parse(args);
    }

    @Test
    void optionsMayComeAnywhereInEitherForm() throws UsageException {
        Invocation invocation = parse("--tag=t", "set", "dir", "--expire", "2.5", "k", "v");
        assertSame(Command.SET, invocation.command());
        assertEquals(Path.of("dir"), invocation.directory());
        assertEquals(List.of("k", "v"), invocation.arguments());
        assertEquals(2.5, invocation.option(Option.EXPIRE, Double.class));
        assertEquals("t", invocation.option(Option.TAG, String.class));
    }

    @Test
    void absentOptionsAreNull() throws UsageException {
        Invocation invocation = parse("set", "dir", "k", "v");
        assertNull(invocation.option(Option.EXPIRE, Double.class));
        assertFalse(invocation.has(Option.TAG));
    }

    @Test
    void flagsAreTrue() throws UsageException {
        assertTrue(parse("check", "dir", "--fix").has(Option.FIX));
        assertFalse(parse("check", "dir").has(Option.FIX));
    }

    @Test
    void everythingAfterDoubleDashIsAnOperand() throws UsageException {
        Invocation invocation = parse("set", "dir", "--", "--fix", "--help");
        assertEquals(List.of("--fix", "--help"), invocation.arguments());
        assertFalse(invocation.has(Option.FIX));
    }

    @Test
    void singleDashTokensAreOperands() throws UsageException {
        assertEquals(List.of("-1"), parse("get", "dir", "-1").arguments());
    }

    @Test
    void debugIsAcceptedByEveryCommand() throws UsageException {
        assertEquals(List.of("k"), parse("--debug", "get", "dir", "k").arguments());
    }

    @Test
    void helpWinsOverEverythingElse() throws UsageException {
        assertSame(Command.HELP, parse().command());
        assertSame(Command.HELP, parse("help", "extra").command());
        assertSame(Command.HELP, parse("get", "dir", "--help").command());
    }

    @Test
    void usageErrorsCarryTheCommandForItsSyntaxLine() {
        UsageException missing = assertThrows(UsageException.class, () -> parse("delete", "dir"));
        assertSame(Command.DELETE, missing.command());
        UsageException unknown = assertThrows(UsageException.class, () -> parse("remove", "dir"));
        assertNull(unknown.command());
    }
}
