using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace BackupifyPortal.Tests.Security;

/// <summary>
/// Reads a test's IL to see whether it can fail: a call to xunit's Assert, Playwright's Expect or bUnit's WaitForAssertion,
/// in the method, its async or iterator state machine, the lambdas and local functions it creates, or (a few levels down)
/// the helpers of this test project it calls.
/// </summary>
public static class TestAssertions
{
    private const int MaxDepth = 4;
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.First());

    public static bool Reaches(MethodBase method) => Reaches(method, 0, []);

    private static bool Reaches(MethodBase method, int depth, HashSet<MethodBase> seen)
    {
        if (depth > MaxDepth || !seen.Add(method)) return false;
        foreach (var called in Callees(method))
        {
            if (IsAssertion(called)) return true;
            if (called.Module.Assembly == typeof(TestAssertions).Assembly && Reaches(called, depth + 1, seen)) return true;
        }
        return false;
    }

    private static bool IsAssertion(MethodBase called) => called.DeclaringType?.FullName switch
    {
        "Xunit.Assert" => true,
        "Microsoft.Playwright.Assertions" => called.Name == "Expect",
        _ => called.Name == "WaitForAssertion" || called.DeclaringType?.Namespace == "Microsoft.Playwright" && called.Name.StartsWith("To", StringComparison.Ordinal) && called.Name.EndsWith("Async", StringComparison.Ordinal),
    };

    /// <summary>Every method the body calls or takes a delegate to, and the state machine's MoveNext for async methods.</summary>
    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        if (method.GetCustomAttribute<StateMachineAttribute>() is { } machine && machine.StateMachineType.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } moveNext)
            yield return moveNext;
        var il = SafeBody(method);
        if (il is null) yield break;
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var opcode = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += opcode.Size;
            if (opcode.OperandType == OperandType.InlineMethod && Resolve(method.Module, BitConverter.ToInt32(il, i), typeArgs, methodArgs) is { } callee)
                yield return callee;
            i += OperandSize(opcode.OperandType, il, i);
        }
    }

    private static byte[]? SafeBody(MethodBase method)
    {
        try { return method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException) { return null; }
    }

    private static MethodBase? Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try { return module.ResolveMethod(token, typeArgs, methodArgs); }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or MissingMethodException) { return null; }
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
