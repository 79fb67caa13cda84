using System.Text.Json;
using ReleaseCmdlets.BuildMaster;
using ReleaseCmdlets.Engine.BuildMaster;

namespace ReleaseCmdlets.Tests.Json;

public class BuildMasterReleaseReadingTests
{
    private static BuildMasterRelease Read(string json) =>
        JsonSerializer.Deserialize(json, BuildMasterJsonContext.Default.BuildMasterReleaseDto)!.ToRelease();

    [Fact]
    public void Reads_the_documented_members()
    {
        var release = Read("""
            {"id":7,"releaseNumber":"1.2","releaseName":"Phoenix","sequence":3,"status":"active","createdBy":"API",
             "createdOn":"2024-03-04T09:03:43.9200000Z","applicationId":2,"applicationName":"HDars","pipelineName":"Standard",
             "latestBuildNumber":"4","furthestBuildNumber":"3"}
            """);

        Assert.Equal(7, release.ReleaseId);
        Assert.Equal("7", release.Id);
        Assert.Equal("1.2", release.ReleaseNumber);
        Assert.Equal("Phoenix", release.Name);
        Assert.Equal("active", release.Status);
        Assert.False(release.IsFinal);
        Assert.Equal(2, release.ApplicationId);
        Assert.Equal("HDars", release.ApplicationName);
        Assert.Equal("Standard", release.PipelineName);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 9, 3, 43, 920, TimeSpan.Zero), release.CreatedOn);
        Assert.Equal("4", release.LatestBuildNumber);
        Assert.Equal("BuildMaster", release.Provider);
    }

    [Fact]
    public void Falls_back_to_the_legacy_number_and_name_members()
    {
        var release = Read("""{"id":1,"number":"0.9","name":"Old","status":"canceled"}""");

        Assert.Equal("0.9", release.ReleaseNumber);
        Assert.Equal("Old", release.ReleaseName);
        Assert.True(release.IsFinal);
    }

    [Fact]
    public void Ignores_unknown_members_and_leaves_missing_ones_null()
    {
        var release = Read("""{"id":"12","status":"deployed","deployables":[{"x":1}],"furthestPackageId":3,"somethingNew":{"a":[1,2]}}""");

        Assert.Equal(12, release.ReleaseId);
        Assert.Null(release.ReleaseNumber);
        Assert.Null(release.ApplicationId);
        Assert.Null(release.CreatedOn);
        Assert.Null(release.PipelineName);
        Assert.True(release.IsFinal);
    }

    [Theory]
    [InlineData("2024-03-04T11:03:43+02:00", "2024-03-04T09:03:43+00:00")]
    [InlineData("2024-03-04T09:03:43", "2024-03-04T09:03:43+00:00")]
    public void Dates_are_utc(string written, string expected)
    {
        var release = Read($$"""{"id":1,"createdOn":"{{written}}"}""");

        Assert.Equal(DateTimeOffset.Parse(expected), release.CreatedOn);
        Assert.Equal(TimeSpan.Zero, release.CreatedOn!.Value.Offset);
    }

    [Fact]
    public void An_unreadable_date_is_null_not_an_exception()
    {
        Assert.Null(Read("""{"id":1,"createdOn":"last tuesday"}""").CreatedOn);
    }
}
