namespace Aggregator.Aggregation;

/// <summary>Total, success and fail counts; records without a status count towards the total only.</summary>
internal struct StatusCounts
{
    public long Total;
    public long Success;
    public long Fail;

    public void Add(EventStatus status)
    {
        Total++;
        if (status == EventStatus.Success)
        {
            Success++;
        }
        else if (status == EventStatus.Fail)
        {
            Fail++;
        }
    }

    public void Add(in StatusCounts other)
    {
        Total += other.Total;
        Success += other.Success;
        Fail += other.Fail;
    }
}
