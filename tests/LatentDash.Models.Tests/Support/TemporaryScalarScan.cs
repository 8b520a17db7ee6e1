using System.Reflection;
using System.Reflection.Emit;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Tests.Support;

/// <summary>Finds the calls that hand libtorch a <see cref="Scalar"/> nobody holds: a number converted implicitly to a
/// Scalar (<c>tensor * 0.5</c>, <c>leaky_relu_(0.3)</c>), or a call into a TorchSharp method that converts one of its
/// number arguments that way itself (<c>nn.functional.leaky_relu(x, 0.3)</c>). Such a Scalar is dead to the garbage
/// collector once its handle is read; a collection on another thread can finalize it, which frees the native scalar
/// while the native operation still reads it.</summary>
/// <remarks>Reads the IL of every method, lambdas and state machines included, one level into TorchSharp.</remarks>
internal static class TemporaryScalarScan
{
    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    static readonly Lazy<HashSet<MethodBase>> TorchSharpConverters = new(ConvertersInTorchSharp);

    /// <summary>The TorchSharp methods that convert a number implicitly, directly or through other TorchSharp
    /// methods (<c>a + b</c> → <c>add(b)</c> → <c>add(b, 1)</c>).</summary>
    static HashSet<MethodBase> ConvertersInTorchSharp()
    {
        var callers = new Dictionary<MethodBase, List<MethodBase>>();
        var converters = new HashSet<MethodBase>();
        var pending = new Queue<MethodBase>();
        foreach (var method in AllMethods(typeof(Scalar).Assembly).Where(m => m.DeclaringType != typeof(Scalar)))
            foreach (var callee in Callees(method))
            {
                if (IsImplicitScalar(callee))
                {
                    if (converters.Add(method)) pending.Enqueue(method);
                }
                else if (callee.DeclaringType?.Assembly == typeof(Scalar).Assembly)
                {
                    var key = Definition(callee);
                    if (!callers.TryGetValue(key, out var list)) callers[key] = list = [];
                    list.Add(method);
                }
            }
        while (pending.TryDequeue(out var converter))
            foreach (var caller in callers.GetValueOrDefault(converter) ?? [])
                if (converters.Add(caller)) pending.Enqueue(caller);
        return converters;
    }

    /// <summary>"Type.Method → callee" for every such call in the assembly.</summary>
    public static IReadOnlyList<string> Find(Assembly assembly)
    {
        var found = new List<string>();
        foreach (var method in AllMethods(assembly))
            foreach (var callee in Callees(method))
                if (IsImplicitScalar(callee) || TorchSharpConverters.Value.Contains(Definition(callee)) ||
                    MakesAConvertingModule(callee))
                    found.Add($"{method.DeclaringType!.FullName}.{method.Name} → {callee.DeclaringType?.Name}.{callee.Name}");
        return found.Distinct().ToList();
    }

        /// <summary>A TorchSharp module whose forward converts (<c>nn.LeakyReLU(0.3)</c>), or an optimizer whose step does
    /// (<c>optim.Adam</c>): our code reaches those through <c>Module.call</c> and the optimizer's base type, which the
    /// IL names instead.</summary>
    static bool MakesAConvertingModule(MethodBase callee)
    {
        var made = callee is ConstructorInfo ? callee.DeclaringType : (callee as MethodInfo)?.ReturnType;
        return made?.Assembly == typeof(Scalar).Assembly &&
               (typeof(nn.Module).IsAssignableFrom(made) || typeof(optim.Optimizer).IsAssignableFrom(made)) &&
               made.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                   .Any(m => m.Name is "forward" or "step" && TorchSharpConverters.Value.Contains(Definition(m)));
    }

    static bool IsImplicitScalar(MethodBase callee) =>
        callee.DeclaringType == typeof(Scalar) && callee.Name == "op_Implicit";

    static MethodBase Definition(MethodBase method) => method switch
    {
        MethodInfo { IsGenericMethod: true } generic => generic.GetGenericMethodDefinition(),
        _ => method,
    };

    static IEnumerable<MethodBase> AllMethods(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                 BindingFlags.Static | BindingFlags.DeclaredOnly;
        Type[] types;
        try { types = assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { types = e.Types.OfType<Type>().ToArray(); }
        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(all)) yield return method;
            foreach (var constructor in type.GetConstructors(all)) yield return constructor;
        }
    }

    static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException) { il = null; }
        if (il is null) yield break;
        var typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } g ? g.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            if (opCode.OperandType == OperandType.InlineMethod)
            {
                MethodBase? callee = null;
                try { callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArguments, methodArguments); }
                catch (Exception e) when (e is ArgumentException or TypeLoadException or MissingMethodException or
                                              BadImageFormatException or FileNotFoundException) { }
                if (callee is not null) yield return callee;
            }
            i += OperandSize(opCode, il, i);
        }
    }

    static int OperandSize(OpCode opCode, byte[] il, int at) => opCode.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
