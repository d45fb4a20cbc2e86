using System.Collections;
using System.Text;
using Aggregator.Parsing;
using Aggregator.Profiles;

namespace Aggregator.Core.Tests;

public sealed class StatusVocabularyTests
{
    private static EventStatus? Classify(StatusVocabulary vocabulary, string? text) =>
        vocabulary.TryClassify(text, out EventStatus status) ? status : null;

    [Theory]
    [InlineData("success", EventStatus.Success)]
    [InlineData("FAILED", EventStatus.Fail)]
    [InlineData("None", EventStatus.None)]
    [InlineData("  ", EventStatus.None)]
    [InlineData("pending", null)]
    [InlineData("0", null)]
    public void Default_IsTheModulesWords(string text, EventStatus? expected)
    {
        Assert.Equal(expected, Classify(StatusVocabulary.Default, text));
        Assert.Equal(StatusParser.TryParse(text, out EventStatus parsed) ? parsed : null, Classify(StatusVocabulary.Default, text));
    }

    [Theory]
    [InlineData("0", EventStatus.Success)]
    [InlineData("50140", EventStatus.Fail)]
    [InlineData("success", EventStatus.Fail)]
    [InlineData("none", EventStatus.None)]
    [InlineData(null, EventStatus.None)]
    public void ZeroForSuccess_AnyOtherValueFails(string? text, EventStatus expected)
    {
        Assert.Equal(expected, Classify(new StatusVocabulary(new[] { "0" }, new[] { "*" }), text));
    }

    [Fact]
    public void OwnWords_MatchInAnyCase_AndOthersAreUnknown()
    {
        var okta = new StatusVocabulary(new[] { "SUCCESS", "ALLOW" }, new[] { "FAILURE", "DENY" });

        Assert.Equal(EventStatus.Success, Classify(okta, "allow"));
        Assert.Equal(EventStatus.Fail, Classify(okta, "Deny"));
        Assert.Null(Classify(okta, "SKIPPED"));
        Assert.Null(Classify(okta, "ok"));
        Assert.Equal("'SKIPPED' is not a known status (expected SUCCESS, ALLOW for success, FAILURE, DENY for failure).",
            okta.UnknownMessage("SKIPPED"));
    }

    [Fact]
    public void NonAsciiValues_MatchTheirExactBytes()
    {
        var german = new StatusVocabulary(new[] { "erfolgreich" }, new[] { "fehlgeschlagen", "abgelehnt ✗" });

        Assert.True(german.TryClassify(Encoding.UTF8.GetBytes(" abgelehnt ✗ "), out EventStatus status));
        Assert.Equal(EventStatus.Fail, status);
    }

    [Fact]
    public void MissingStatus_AppliesToBlankAndNull_NotToNone()
    {
        var trail = new StatusVocabulary(null, new[] { "*" }, EventStatus.Success);

        Assert.Equal(EventStatus.Success, Classify(trail, null));
        Assert.Equal(EventStatus.Success, Classify(trail, ""));
        Assert.Equal(EventStatus.Fail, Classify(trail, "AccessDenied"));
        Assert.Equal(EventStatus.Success, Classify(trail, "ok"));
    }

    [Fact]
    public void AmbiguousValues_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new StatusVocabulary(new[] { "*" }, new[] { "*" }));
        Assert.Throws<ArgumentException>(() => new StatusVocabulary(new[] { "ok" }, new[] { "OK" }));
        Assert.Throws<ArgumentException>(() => new StatusVocabulary(new[] { " " }, null));
    }

    [Fact]
    public void ProfileFromDictionary_TakesFieldOrShortKeys_AndExplicitOptionsOverrideIt()
    {
        SourceProfile profile = SourceProfileReader.FromDictionary(new Hashtable
        {
            ["userfield"] = "actor.login", ["Event"] = new object[] { "type", "kind" }, ["MissingStatus"] = "fail",
        }, "mine");

        FieldMap fields = profile.CreateFieldMap(null, null, null, new[] { "created_at" });
        Assert.Equal(new[] { "actor.login" }, fields.NamesFor(EventField.User));
        Assert.Equal(new[] { "type", "kind" }, fields.NamesFor(EventField.Event));
        Assert.Equal(FieldMap.DefaultStatusNames, fields.NamesFor(EventField.Status));
        Assert.Equal(new[] { "created_at" }, fields.NamesFor(EventField.Timestamp));
        Assert.Equal(EventStatus.Fail, profile.CreateStatusVocabulary(null, null, null).WhenMissing);
        Assert.Equal(EventStatus.None, profile.CreateStatusVocabulary(null, null, EventStatus.None).WhenMissing);
        Assert.Throws<ArgumentException>(() => SourceProfileReader.FromDictionary(new Hashtable { ["Users"] = "x", ["Colour"] = "red" }, "mine"));
    }

    [Fact]
    public void KnownSources_AreFoundInAnyCase()
    {
        Assert.True(KnownSources.TryGet("cloudtrail", out SourceProfile trail));
        Assert.Equal("CloudTrail", trail.Name);
        Assert.False(KnownSources.TryGet("syslog", out _));
    }
}
