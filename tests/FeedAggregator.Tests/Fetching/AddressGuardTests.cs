using System.Net;
using FeedAggregator.Fetching;

namespace FeedAggregator.Tests.Fetching;

/// <summary>Which addresses a redirect from a public address may not reach.</summary>
public sealed class AddressGuardTests
{
    [TestCase("127.0.0.1", true)]
    [TestCase("127.8.9.10", true)]
    [TestCase("10.1.2.3", true)]
    [TestCase("172.16.0.1", true)]
    [TestCase("172.31.255.255", true)]
    [TestCase("172.32.0.1", false)]
    [TestCase("192.168.1.1", true)]
    [TestCase("169.254.169.254", true, Description = "cloud metadata")]
    [TestCase("100.64.0.1", true, Description = "shared address space")]
    [TestCase("0.0.0.0", true)]
    [TestCase("224.0.0.1", true)]
    [TestCase("8.8.8.8", false)]
    [TestCase("93.184.216.34", false)]
    [TestCase("::1", true)]
    [TestCase("fe80::1", true)]
    [TestCase("fd00:ec2::254", true, Description = "cloud metadata over IPv6")]
    [TestCase("::ffff:10.0.0.1", true, Description = "IPv4-mapped")]
    [TestCase("::ffff:8.8.8.8", false)]
    [TestCase("2001:4860:4860::8888", false)]
    public void IsPrivate(string address, bool expected)
    {
        Assert.That(new AddressGuard(new FetchingOptions()).IsPrivate(IPAddress.Parse(address)), Is.EqualTo(expected));
    }

    [TestCase("127.0.0.1", "127.0.0.1", false)]
    [TestCase("127.0.0.0/24", "127.0.0.9", false)]
    [TestCase("127.0.0.0/24", "127.0.1.9", true)]
    [TestCase("10.0.0.0/8", "10.200.0.1", false)]
    public void PublicAddresses_AreNotCountedPrivate(string network, string address, bool expected)
    {
        var guard = new AddressGuard(new FetchingOptions { PublicAddresses = [network] });

        Assert.That(guard.IsPrivate(IPAddress.Parse(address)), Is.EqualTo(expected));
    }
}
