using System;
using System.Linq.Expressions;
using System.Management.Automation;
using System.Reflection;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Whether members were added to an object with Add-Member. PowerShell answers that cheaply only internally
/// (PSObject.HasInstanceMembers); the public way, matching the object's properties, costs microseconds per object.
/// The internal check is bound once and used when this PowerShell has it; otherwise the public way keeps the answer right.
/// </summary>
internal static class AddedMembers
{
    private const PSMemberTypes AddedKinds =
        PSMemberTypes.NoteProperty | PSMemberTypes.ScriptProperty | PSMemberTypes.CodeProperty | PSMemberTypes.AliasProperty;

    private static readonly Func<object, bool>? FastCheck = BindFastCheck();

    /// <summary>A PSObject or the object itself: members added through <c>$x.PSObject</c> stay with the object.</summary>
    public static bool Any(object item) =>
        FastCheck is { } fast ? fast(item) : PSObject.AsPSObject(item).Properties.Match("*", AddedKinds).Count > 0;

    private static Func<object, bool>? BindFastCheck()
    {
        try
        {
            MethodInfo? method = typeof(PSObject).GetMethod("HasInstanceMembers", BindingFlags.NonPublic | BindingFlags.Static);
            ParameterInfo[]? parameters = method?.GetParameters();
            if (method is null || method.ReturnType != typeof(bool) || parameters!.Length != 2 ||
                parameters[0].ParameterType != typeof(object) || !parameters[1].ParameterType.IsByRef)
            {
                return null;
            }

            ParameterExpression value = Expression.Parameter(typeof(object), "value");
            ParameterExpression members = Expression.Variable(parameters[1].ParameterType.GetElementType()!, "members");
            return Expression.Lambda<Func<object, bool>>(
                Expression.Block(new[] { members }, Expression.Call(method, value, members)), value).Compile();
        }
        catch (Exception ex) when (ex is AmbiguousMatchException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }
}
