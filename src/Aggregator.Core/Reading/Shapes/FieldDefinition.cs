using System.Collections.Generic;

namespace Aggregator.Reading.Shapes;

/// <summary>
/// One field of a record shape, as its descriptor declares it: the name messages use ("kWh value"), the cmdlet option
/// that names its inputs ("-KwhField", or null), the input names tried when none are given (best first), and the
/// word for it in an option's error ("Kwh").
/// </summary>
internal sealed record FieldDefinition(string Name, string? Option, IReadOnlyList<string> DefaultNames, string What);
