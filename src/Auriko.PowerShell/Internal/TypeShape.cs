using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace Auriko.PowerShell.Internal
{
    /// <summary>The JSON kinds a .NET type can be described as in a strict JSON schema.</summary>
    internal enum JsonKind
    {
        Object,
        Array,
        String,
        Integer,
        Number,
        Boolean,
        Enum,
    }

    /// <summary>
    /// What a .NET or PowerShell class looks like as JSON: the one description both the schema sent with -JsonSchema
    /// (<see cref="JsonSchemaBuilder"/>) and the reading of the answer back into the type (<see cref="AnswerParser"/>)
    /// are made from, so the two can never disagree.
    /// </summary>
    internal sealed class TypeShape
    {
        private const int MaxDepth = 32;

        private TypeShape(Type type, JsonKind kind)
        {
            Type = type;
            Kind = kind;
        }

        /// <summary>The type values are converted to (the underlying type of a Nullable&lt;T&gt;).</summary>
        internal Type Type { get; }

        internal JsonKind Kind { get; }

        /// <summary>Whether null is allowed (Nullable&lt;T&gt;, or a reference marked nullable in C#).</summary>
        internal bool Nullable { get; private set; }

        /// <summary>A JSON schema <c>format</c> for strings (date-time, uuid), or null.</summary>
        internal string? Format { get; private set; }

        /// <summary>The element shape of an array.</summary>
        internal TypeShape? Items { get; private set; }

        /// <summary>The properties of an object, in declaration order.</summary>
        internal IReadOnlyList<PropertyShape> Properties { get; private set; } = Array.Empty<PropertyShape>();

        /// <summary>The names of an enum.</summary>
        internal IReadOnlyList<string> EnumNames { get; private set; } = Array.Empty<string>();

        /// <summary>A [Description] of the type or property, sent as the schema's description.</summary>
        internal string? Description { get; private set; }

        /// <summary>Describes <paramref name="type"/>; an object at the root, as JSON schema response formats require.</summary>
        /// <exception cref="ArgumentException">The type cannot be described, naming the property and why.</exception>
        internal static TypeShape ForRoot(Type type)
        {
            var shape = Describe(type, type.Name, new HashSet<Type>(), 0);
            if (shape.Kind != JsonKind.Object)
            {
                throw new ArgumentException(Text(Messages.SchemaRootNotObject, Name(type)));
            }
            return shape;
        }

        private static TypeShape Describe(Type type, string path, HashSet<Type> visiting, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new ArgumentException(Text(Messages.SchemaTooDeep, path, MaxDepth));
            }

            var underlying = System.Nullable.GetUnderlyingType(type);
            if (underlying != null)
            {
                var inner = Describe(underlying, path, visiting, depth);
                inner.Nullable = true;
                return inner;
            }

            if (type == typeof(string) || type == typeof(char) || type == typeof(Uri) || type == typeof(TimeSpan))
            {
                return new TypeShape(type, JsonKind.String);
            }
            if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
            {
                return new TypeShape(type, JsonKind.String) { Format = "date-time" };
            }
            if (type == typeof(Guid))
            {
                return new TypeShape(type, JsonKind.String) { Format = "uuid" };
            }

            if (type == typeof(bool))
            {
                return new TypeShape(type, JsonKind.Boolean);
            }

            if (type.IsEnum)
            {
                return new TypeShape(type, JsonKind.Enum) { EnumNames = Enum.GetNames(type) };
            }

            switch (Type.GetTypeCode(type))
            {
                case TypeCode.SByte: case TypeCode.Byte: case TypeCode.Int16: case TypeCode.UInt16:
                case TypeCode.Int32: case TypeCode.UInt32: case TypeCode.Int64: case TypeCode.UInt64:
                    return new TypeShape(type, JsonKind.Integer);
                case TypeCode.Single: case TypeCode.Double: case TypeCode.Decimal:
                    return new TypeShape(type, JsonKind.Number);
            }

            if (type == typeof(object) || typeof(PSObject).IsAssignableFrom(type) || IsDictionary(type))
            {
                // A strict schema lists every property; a free-form bag cannot be described.
                throw new ArgumentException(Text(Messages.SchemaFreeForm, path, Name(type)));
            }

            var element = ElementType(type);
            if (element != null)
            {
                if (!CanHoldArray(type, element))
                {
                    throw new ArgumentException(Text(Messages.SchemaCollection, path, Name(type)));
                }
                return new TypeShape(type, JsonKind.Array) { Items = Describe(element, path + "[]", visiting, depth + 1) };
            }
            if (typeof(IEnumerable).IsAssignableFrom(type))
            {
                throw new ArgumentException(Text(Messages.SchemaUntypedCollection, path, Name(type)));
            }

            return DescribeObject(type, path, visiting, depth);
        }

        private static TypeShape DescribeObject(Type type, string path, HashSet<Type> visiting, int depth)
        {
            if (type.IsAbstract || type.IsInterface || type.IsGenericTypeDefinition
                || (!type.IsValueType && type.GetConstructor(Type.EmptyTypes) == null))
            {
                throw new ArgumentException(Text(Messages.SchemaNoConstructor, path, Name(type)));
            }
            if (!visiting.Add(type))
            {
                throw new ArgumentException(Text(Messages.SchemaRecursive, path, Name(type)));
            }

            var properties = new List<PropertyShape>();
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                // Settable, not an indexer, not hidden (a PowerShell class's 'hidden' members are not part of its data).
                if (property.GetIndexParameters().Length > 0 || !property.CanRead || property.GetSetMethod() == null)
                {
                    continue;
                }

                if (property.IsDefined(typeof(HiddenAttribute), true))
                {
                    continue;
                }

                var shape = Describe(property.PropertyType, path + "." + property.Name, visiting, depth + 1);
                if (!property.PropertyType.IsValueType && IsNullableReference(property))
                {
                    shape.Nullable = true;
                }

                properties.Add(new PropertyShape(property, shape, DescriptionOf(property)));
            }
            visiting.Remove(type);

            if (properties.Count == 0)
            {
                throw new ArgumentException(Text(Messages.SchemaNoProperties, path, Name(type)));
            }
            return new TypeShape(type, JsonKind.Object) { Properties = properties, Description = DescriptionOf(type) };
        }

        private static bool IsDictionary(Type type) =>
            typeof(IDictionary).IsAssignableFrom(type)
            || Implements(type, typeof(IDictionary<,>)) != null
            || Implements(type, typeof(IReadOnlyDictionary<,>)) != null;

        /// <summary>The T of an array or an IEnumerable&lt;T&gt; (never for string), else null.</summary>
        private static Type? ElementType(Type type)
        {
            if (type.IsArray)
            {
                return type.GetArrayRank() == 1 ? type.GetElementType() : null;
            }

            if (type == typeof(string))
            {
                return null;
            }

            return Implements(type, typeof(IEnumerable<>))?.GetGenericArguments()[0];
        }

        private static Type? Implements(Type type, Type genericInterface)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == genericInterface)
            {
                return type;
            }

            return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == genericInterface);
        }

        /// <summary>An array of T can be assigned to the type (T[], IList&lt;T&gt;, ...) or passed to its constructor (List&lt;T&gt;, ...).</summary>
        private static bool CanHoldArray(Type type, Type element)
        {
            var array = element.MakeArrayType();
            if (type.IsAssignableFrom(array))
            {
                return true;
            }

            return CollectionConstructor(type, array) != null;
        }

        /// <summary>A public constructor of <paramref name="type"/> that takes an array of its elements, or null.</summary>
        internal static ConstructorInfo? CollectionConstructor(Type type, Type arrayType) =>
            type.IsAbstract || type.IsInterface
                ? null
                : type.GetConstructors().FirstOrDefault(c =>
                {
                    var parameters = c.GetParameters();
                    return parameters.Length == 1 && parameters[0].ParameterType.IsAssignableFrom(arrayType);
                });

        /// <summary>
        /// C#'s nullable reference annotation (<c>string?</c>), read from the compiler's attributes by name: they are
        /// emitted into each assembly, and netstandard2.0 has no NullabilityInfoContext.
        /// </summary>
        private static bool IsNullableReference(PropertyInfo property)
        {
            byte? flag = NullableFlag(property.CustomAttributes, "System.Runtime.CompilerServices.NullableAttribute");
            for (var type = property.DeclaringType; flag == null && type != null; type = type.DeclaringType)
            {
                flag = NullableFlag(type.CustomAttributes, "System.Runtime.CompilerServices.NullableContextAttribute");
            }
            return flag == 2;
        }

        private static byte? NullableFlag(IEnumerable<CustomAttributeData> attributes, string attributeName)
        {
            foreach (var attribute in attributes)
            {
                if (attribute.AttributeType.FullName != attributeName || attribute.ConstructorArguments.Count != 1)
                {
                    continue;
                }

                var value = attribute.ConstructorArguments[0].Value;
                if (value is byte b)
                {
                    return b;
                }
                // NullableAttribute(byte[]): the first entry is the property type itself.
                if (value is IReadOnlyList<CustomAttributeTypedArgument> list && list.Count > 0 && list[0].Value is byte first)
                {
                    return first;
                }
            }
            return null;
        }

        private static string? DescriptionOf(MemberInfo member) =>
            member.GetCustomAttributes(typeof(DescriptionAttribute), true).OfType<DescriptionAttribute>()
                .Select(d => d.Description).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));

        /// <summary>The type as PowerShell users write it: [Ticket], [string[]].</summary>
        internal static string Name(Type type) => "[" + (type.IsGenericType ? type.ToString() : type.Name) + "]";

        private static string Text(string format, params object[] args) =>
            string.Format(CultureInfo.InvariantCulture, format, args);
    }

    /// <summary>One property of an object shape.</summary>
    internal sealed class PropertyShape
    {
        internal PropertyShape(PropertyInfo property, TypeShape shape, string? description)
        {
            Property = property;
            Shape = shape;
            Description = description;
        }

        internal PropertyInfo Property { get; }

        /// <summary>The JSON property name: the .NET property name.</summary>
        internal string Name => Property.Name;

        internal TypeShape Shape { get; }

        internal string? Description { get; }
    }
}
