using System;
using System.Net;
using Auriko.PowerShell.Internal;
using Xunit;

namespace Auriko.PowerShell.Tests
{
    public sealed class SessionFactoryTests
    {
        [Fact]
        public void Proxy_credentials_in_the_uri_become_credentials_not_part_of_the_address()
        {
            var proxy = Assert.IsType<WebProxy>(SessionFactory.CreateProxy(new Uri("http://ann:p%40ss@proxy.test:3128/")));

            Assert.Equal(new Uri("http://proxy.test:3128/"), proxy.Address);
            var credential = Assert.IsType<NetworkCredential>(proxy.Credentials);
            Assert.Equal(("ann", "p@ss"), (credential.UserName, credential.Password));
        }

        [Fact]
        public void A_proxy_without_user_info_has_no_credentials()
        {
            var proxy = Assert.IsType<WebProxy>(SessionFactory.CreateProxy(new Uri("http://proxy.test:8080")));

            Assert.Null(proxy.Credentials);
            Assert.Null(SessionFactory.CreateProxy(null));
        }

        [Fact]
        public void Shown_addresses_never_carry_a_password()
        {
            Assert.Equal(new Uri("http://proxy.test:3128/"), SessionFactory.WithoutUserInfo(new Uri("http://ann:secret@proxy.test:3128/")));
            var plain = new Uri("https://api.auriko.ai/v1");
            Assert.Same(plain, SessionFactory.WithoutUserInfo(plain));
            Assert.Null(SessionFactory.WithoutUserInfo(null));
        }

        [Fact]
        public void The_user_agent_names_the_module_and_the_PowerShell_version()
        {
            Assert.Matches(@"^Auriko\.PowerShell/\d+\.\d+\.\d+ PowerShell/\d+\.\d+", SessionFactory.UserAgentProduct);
        }
    }
}
